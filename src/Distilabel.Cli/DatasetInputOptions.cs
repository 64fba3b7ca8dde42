using System.CommandLine;
using Distilabel.Data;
using Distilabel.Data.Hub;

namespace Distilabel.Cli;

/// <summary>
/// The dataset input every command that reads one shares: <c>--input</c> (a file, or a Hub dataset
/// <c>hf://datasets/OWNER/NAME[@REV][/path/or/glob.parquet]</c>), <c>--split</c>, <c>--config</c>, and the column
/// surgery <c>--columns</c>, <c>--drop-columns</c>, <c>--rename-column FROM=TO</c> (applied in that order).
/// </summary>
internal sealed class DatasetInputOptions
{
    public DatasetInputOptions(string description)
    {
        Input = new Option<string>("--input", "-i") { Description = description + " A file (.jsonl, .parquet, .csv) or a Hub dataset: hf://datasets/OWNER/NAME[@REVISION][/path/or/glob.parquet].", Required = true };
        Split.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text)
            {
                try
                {
                    SplitSelection.Parse(text);
                }
                catch (FormatException e)
                {
                    result.AddError($"--split: {e.Message}");
                }
            }
        });
        Renames.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ParseRename(text) is null)
                    result.AddError($"--rename-column expects FROM=TO (got '{text}').");
            }
        });
    }

    public Option<string> Input { get; }

    public Option<string> Split { get; } = new("--split") { Description = "Hub datasets: the split, with the datasets slice syntax (train[:1000], train[10%:20%], train[:100]+validation[:10]).", DefaultValueFactory = _ => "train" };

    public Option<string?> Config { get; } = new("--config") { Description = "Hub datasets: the configuration (subset)." };

    public Option<string[]> Keep { get; } = new("--columns") { Description = "Keep only these columns (comma-separated).", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Drop { get; } = new("--drop-columns") { Description = "Drop these columns (comma-separated)." };

    public Option<string[]> Renames { get; } = new("--rename-column") { Description = "Rename a column, FROM=TO (repeatable; maps a dataset's columns onto a task's inputs)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Input);
        command.Options.Add(Split);
        command.Options.Add(Config);
        command.Options.Add(Keep);
        command.Options.Add(Drop);
        command.Options.Add(Renames);
    }

    /// <summary>Opens the input: a missing file, a bad column, a missing, private or gated Hub dataset is a
    /// <see cref="UsageException"/> (one line, naming it).</summary>
    public async Task<DatasetSource> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var input = parse.GetValue(Input)!;
        var options = new DatasetSourceOptions
        {
            Split = parse.GetValue(Split) ?? "train",
            Config = parse.GetValue(Config),
            Surgery = new ColumnSurgery
            {
                Keep = parse.GetValue(Keep) is { Length: > 0 } keep ? List(keep) : null,
                Drop = List(parse.GetValue(Drop) ?? []),
                Renames = (parse.GetValue(Renames) ?? []).Select(r => ParseRename(r)!.Value).ToList(),
            },
        };
        try
        {
            return await DatasetSource.OpenAsync(input, options, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw new UsageException($"--input: file not found: {input}");
        }
        catch (Exception e) when (e is HubException or FormatException)
        {
            throw new UsageException($"--input {input}: {e.Message}");
        }
    }

    private static List<string> List(IEnumerable<string> values)
        => values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static KeyValuePair<string, string>? ParseRename(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        return at <= 0 || at == text.Length - 1 ? null : new(text[..at].Trim(), text[(at + 1)..].Trim());
    }
}
