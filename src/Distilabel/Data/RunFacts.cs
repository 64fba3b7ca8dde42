using System.Text.Json;
using System.Text.Json.Serialization;

namespace Distilabel.Data;

/// <summary>
/// How a labelled dataset was made: the task and its prompt (with a fingerprint), the outputs and their scales, the
/// model, the generation options, the source and the counts. <c>label</c> records them with its output (Parquet
/// key-value metadata <c>distilabel</c>; for JSONL and CSV a sidecar <c>&lt;output&gt;.meta.json</c>, written
/// atomically), and the dataset card of <c>push-to-hub</c> is written from them. No clock time: a resumed run's output
/// stays byte-identical to an uninterrupted one.
/// </summary>
public sealed record RunFacts
{
    /// <summary>The Parquet key-value metadata key.</summary>
    public const string MetadataKey = "distilabel";

    /// <summary>The task's name.</summary>
    public required string Task { get; init; }

    /// <summary>A fingerprint of the task's prompt and columns.</summary>
    public required string PromptFingerprint { get; init; }

    /// <summary>The task's system prompt (answer format included).</summary>
    public required string Prompt { get; init; }

    /// <summary>The task's inputs (column names).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The task's outputs and their scales.</summary>
    public IReadOnlyList<RunFactsOutput> Outputs { get; init; } = [];

    /// <summary>The labelling model.</summary>
    public required string Model { get; init; }

    /// <summary>Generation options (max_new_tokens, temperature, seed, grammar, …), by name.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The input dataset (a path's file name or an hf:// address).</summary>
    public string? Source { get; init; }

    /// <summary>Rows written.</summary>
    public long Rows { get; init; }

    /// <summary>Rows that carry a labelling error.</summary>
    public long Failed { get; init; }

    /// <summary>Rows labelled without error.</summary>
    [JsonIgnore]
    public long Labelled => Rows - Failed;

    /// <summary>The facts of a run of <paramref name="task"/> under <paramref name="key"/> (model and options come
    /// from the run key, so they are exactly what a journal binds); counts are filled in when the run completes.</summary>
    public static RunFacts For(LlmTaskDescriptor task, Pipeline.Journal.RunKey key, string? source)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(key);
        return new RunFacts
        {
            Task = task.Name,
            PromptFingerprint = task.Fingerprint,
            Prompt = task.SystemPrompt,
            Inputs = task.Inputs.Select(i => i.Name).ToList(),
            Outputs = task.Outputs.Select(o => new RunFactsOutput(o.Name, o.Kind == LlmOutputKind.Rating ? "rating" : "text", o.Min, o.Max, o.Description)).ToList(),
            Model = key.Components.GetValueOrDefault("model") ?? "unknown",
            Options = key.Components.Where(c => c.Key is not ("task" or "prompt" or "model")).ToDictionary(c => c.Key, c => c.Value),
            Source = source,
        };
    }

    /// <summary>The sidecar file beside a JSONL or CSV dataset.</summary>
    public static string SidecarPath(string datasetPath) => datasetPath + ".meta.json";

    /// <summary>As JSON (stable key order, no clock time).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads <see cref="ToJson"/>'s output.</summary>
    public static RunFacts FromJson(string json) => JsonSerializer.Deserialize<RunFacts>(json, Json) ?? throw new FormatException("not run facts");

    /// <summary>The facts recorded with a dataset file (Parquet metadata or the sidecar), or null when it has none.</summary>
    public static async Task<RunFacts?> ReadAsync(string datasetPath, CancellationToken cancellationToken = default)
    {
        string? json = null;
        if (DatasetFiles.DetectFormat(datasetPath) == DatasetFormat.Parquet)
            json = (await ParquetSourceSchema.ReadAsync(datasetPath, cancellationToken).ConfigureAwait(false)).Metadata.GetValueOrDefault(MetadataKey);
        else if (File.Exists(SidecarPath(datasetPath)))
            json = await File.ReadAllTextAsync(SidecarPath(datasetPath), cancellationToken).ConfigureAwait(false);
        return json is null ? null : FromJson(json);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>One output of the task: its column, kind (<c>rating</c> or <c>text</c>) and scale.</summary>
public sealed record RunFactsOutput(string Name, string Kind, int? Min, int? Max, string? Description);
