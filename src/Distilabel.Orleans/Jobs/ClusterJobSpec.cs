using Distilabel.Data;
using Distilabel.Pipeline;

namespace Distilabel.Orleans.Jobs;

/// <summary>
/// What every worker needs to label a job's rows with its own LLM: the task and its parameters, the generation
/// options, the input (a path or Hub address all workers can reach, with the same split and column surgery) and the
/// run key the workers' steps must match, model aside (workers may use different models).
/// </summary>
[GenerateSerializer, Alias("distilabel.job-spec")]
public sealed record ClusterJobSpec
{
    /// <summary>The job's id (the coordinator grain's key).</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The task's registered name.</summary>
    [Id(1)] public required string TaskName { get; init; }

    /// <summary>The task's parameters, by name.</summary>
    [Id(2)] public Dictionary<string, string> TaskParameters { get; init; } = [];

    /// <summary>How the LLM is asked.</summary>
    [Id(3)] public required GenerationSpec Generation { get; init; }

    /// <summary>The input as every worker opens it.</summary>
    [Id(4)] public required InputSpec Input { get; init; }

    /// <summary>Rows to label: the coordinator leases [0, Rows).</summary>
    [Id(5)] public long Rows { get; init; }

    /// <summary>The submitter's run key without its model components, as JSON (<see cref="Pipeline.Journal.RunKey.ToJson"/>).</summary>
    [Id(6)] public required string RunKey { get; init; }

    /// <summary>The C# file the task is declared in, when it is not a registered one: every worker compiles it.</summary>
    [Id(7)] public TaskFileSpec? TaskFile { get; init; }
}

/// <summary>The generation options a worker's steps use (<see cref="PipelineOptions"/> without the concurrency, which is the worker's).</summary>
[GenerateSerializer, Alias("distilabel.generation-spec")]
public sealed record GenerationSpec
{
    [Id(0)] public int MaxNewTokens { get; init; }
    [Id(1)] public float Temperature { get; init; }
    [Id(2)] public long? Seed { get; init; }
    [Id(3)] public bool UseGrammar { get; init; }
    [Id(4)] public bool UseJsonSchema { get; init; }

    /// <summary>The generation options of <paramref name="options"/>.</summary>
    public static GenerationSpec From(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GenerationSpec
        {
            MaxNewTokens = options.MaxNewTokens,
            Temperature = options.Temperature,
            Seed = options.Seed,
            UseGrammar = options.UseGrammar,
            UseJsonSchema = options.UseJsonSchema,
        };
    }

    /// <summary>Pipeline options with these generation options and a worker's <paramref name="concurrency"/> and model name.</summary>
    public PipelineOptions ToPipelineOptions(int concurrency, string? labellerName) => new()
    {
        MaxNewTokens = MaxNewTokens,
        Temperature = Temperature,
        Seed = Seed,
        UseGrammar = UseGrammar,
        UseJsonSchema = UseJsonSchema,
        Concurrency = concurrency,
        LabellerName = labellerName,
    };
}

/// <summary>Where a job's rows are read: a path or Hub address every worker can reach, with the same selection.</summary>
[GenerateSerializer, Alias("distilabel.input-spec")]
public sealed record InputSpec
{
    [Id(0)] public required string Path { get; init; }
    [Id(1)] public string Split { get; init; } = "train";
    [Id(2)] public string? Config { get; init; }
    [Id(3)] public List<string>? Keep { get; init; }
    [Id(4)] public List<string> Drop { get; init; } = [];
    [Id(5)] public List<KeyValuePair<string, string>> Renames { get; init; } = [];
    [Id(6)] public bool SkipBadRows { get; init; }

    /// <summary>The input of a job: <paramref name="path"/> opened with <paramref name="options"/>.</summary>
    public static InputSpec From(string path, DatasetSourceOptions? options, bool skipBadRows)
    {
        ArgumentNullException.ThrowIfNull(path);
        var surgery = options?.Surgery ?? ColumnSurgery.None;
        return new InputSpec
        {
            Path = DatasetSource.IsHubAddress(path) ? path : System.IO.Path.GetFullPath(path),
            Split = options?.Split ?? "train",
            Config = options?.Config,
            Keep = surgery.Keep?.ToList(),
            Drop = [.. surgery.Drop],
            Renames = [.. surgery.Renames],
            SkipBadRows = skipBadRows,
        };
    }

    /// <summary>The input's rows as the submitter read them (its bad rows skipped when it skipped them).</summary>
    public async IAsyncEnumerable<IReadOnlyDictionary<string, object?>> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in source.ReadAsync(new DatasetReadOptions { SkipBadRows = SkipBadRows }, cancellationToken).ConfigureAwait(false))
            yield return row;
    }

    /// <summary>Opens the input as the submitter did.</summary>
    public Task<DatasetSource> OpenAsync(CancellationToken cancellationToken) => DatasetSource.OpenAsync(Path, new DatasetSourceOptions
    {
        Split = Split,
        Config = Config,
        Surgery = new ColumnSurgery { Keep = Keep, Drop = Drop, Renames = Renames },
    }, cancellationToken);
}
