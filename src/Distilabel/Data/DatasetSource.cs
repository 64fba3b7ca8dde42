using System.Runtime.CompilerServices;
using Distilabel.Data.Hub;

namespace Distilabel.Data;

/// <summary>
/// A dataset to read, as a command's <c>--input</c> names it: a local file (.jsonl, .csv, .parquet) or a Hugging Face
/// Hub dataset, <c>hf://datasets/OWNER/NAME[@REVISION]</c> (a split selection: <see cref="DatasetSourceOptions.Split"/>,
/// <see cref="DatasetSourceOptions.Config"/>) or <c>hf://datasets/OWNER/NAME[@REVISION]/path/in/repo.parquet</c> (a file
/// or a glob), with <see cref="ColumnSurgery"/> applied. Opening it downloads the Hub shards once (into the cache) and
/// checks the surgery against the columns; reading streams rows and may be repeated without touching the network.
/// <code>
/// var source = await DatasetSource.OpenAsync("hf://datasets/nvidia/HelpSteer", new DatasetSourceOptions { Split = "train[:1000]" });
/// await foreach (var row in source.ReadAsync()) { … }
/// </code>
/// </summary>
public sealed class DatasetSource
{
    private const string HubPrefix = "hf://datasets/";
    private readonly IReadOnlyList<LocalSegment> _segments;
    private readonly ColumnSurgery _surgery;

    private DatasetSource(string name, IReadOnlyList<LocalSegment> segments, ColumnSurgery surgery, IReadOnlyList<string> columns, ParquetSourceSchema? schema)
    {
        Name = name;
        _segments = segments;
        _surgery = surgery;
        Columns = columns;
        ParquetSchema = schema;
    }

    /// <summary>The input as given (a path or an hf:// address), for messages.</summary>
    public string Name { get; }

    /// <summary>The columns after the surgery (for JSONL and CSV: those of the first row).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>For Parquet sources: the schema after the surgery, to write the rows back with their exact types.</summary>
    public ParquetSourceSchema? ParquetSchema { get; }

    /// <summary>Whether <paramref name="input"/> is a Hub address (<c>hf://datasets/…</c>).</summary>
    public static bool IsHubAddress(string input) => input.StartsWith(HubPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Opens a source. A missing file throws <see cref="FileNotFoundException"/>; a bad Hub address
    /// <see cref="FormatException"/>; a Hub error (not found, private, gated, offline) <see cref="HubException"/>;
    /// a column the surgery names but the dataset lacks <see cref="DatasetFormatException"/>.
    /// </summary>
    public static async Task<DatasetSource> OpenAsync(string input, DatasetSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        options ??= new DatasetSourceOptions();
        var surgery = options.Surgery ?? ColumnSurgery.None;
        IReadOnlyList<LocalSegment> segments;
        if (IsHubAddress(input))
        {
            var (repo, revision, path) = ParseHubAddress(input);
            var hub = (options.Hub ?? new HubOptions()) with { Revision = revision, Config = options.Config };
            hub = hub with { CacheDirectory = hub.CacheDirectory ?? DefaultCacheDirectory() };
            segments = path is null
                ? await HubDatasets.DownloadSelectionAsync(repo, SplitSelection.Parse(options.Split), hub, cancellationToken).ConfigureAwait(false)
                : await HubDatasets.DownloadFilesAsync(repo, revision, path, hub, cancellationToken).ConfigureAwait(false);
            if (segments.Any(s => DatasetFiles.DetectFormat(s.Path) != DatasetFormat.Parquet))
                throw new FormatException($"{input}: only Parquet files can be read from the Hub.");
        }
        else
        {
            if (!File.Exists(input))
                throw new FileNotFoundException($"file not found: {input}", input);
            DatasetFiles.DetectFormat(input);
            segments = [new LocalSegment(Path.GetFullPath(input), Path.GetFullPath(input), 0, null)];
        }

        ParquetSourceSchema? schema = null;
        IReadOnlyList<string> columns;
        var first = segments.FirstOrDefault();
        if (first is not null && DatasetFiles.DetectFormat(first.Path) == DatasetFormat.Parquet)
        {
            schema = await ParquetSourceSchema.ReadAsync(first.Path, cancellationToken).ConfigureAwait(false);
            columns = schema.Columns.ToList();
        }
        else
        {
            columns = first is null ? [] : (await DatasetFiles.ReadAsync(first.Path, new DatasetReadOptions { SkipBadRows = true }, cancellationToken).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false))?.Columns.ToList() ?? [];
        }

        surgery.Validate(columns, input);
        return new DatasetSource(input, segments, surgery, surgery.Apply(columns).ToList(), schema is null ? null : surgery.Apply(schema));
    }

    /// <summary>
    /// The number of rows, where it is known without reading them: Parquet files and Hub shards carry it in their
    /// footers (a slice counts what it selects). JSONL and CSV files give <see langword="null"/>: counting them would mean
    /// reading them twice.
    /// </summary>
    public async Task<long?> CountRowsAsync(CancellationToken cancellationToken = default)
    {
        long total = 0;
        foreach (var segment in _segments)
        {
            if (DatasetFiles.DetectFormat(segment.Path) != DatasetFormat.Parquet)
                return null;
            var rows = await ParquetRowReader.CountRowsAsync(segment.Path, segment.Name, cancellationToken).ConfigureAwait(false);
            var selected = Math.Max(0, rows - segment.Skip);
            total += segment.Take is { } take ? Math.Min(selected, take) : selected;
        }

        return total;
    }

    /// <summary>Streams the rows (surgery applied). Each call reads the local files again.</summary>
    public async IAsyncEnumerable<Row> ReadAsync(DatasetReadOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= DatasetReadOptions.Default;
        foreach (var segment in _segments)
        {
            var rows = segment.Skip == 0 && segment.Take is null
                ? DatasetFiles.ReadAsync(segment.Path, options, cancellationToken)
                : ParquetRowReader.ReadRangeAsync(segment.Path, segment.Name, options, segment.Skip, segment.Take, cancellationToken);
            await foreach (var row in rows.ConfigureAwait(false))
                yield return _surgery.Apply(row);
        }
    }

    /// <summary>Where Hub shards are cached, as <c>huggingface_hub</c> places its cache: <c>$HF_HUB_CACHE</c>, else
    /// <c>$HF_HOME/hub</c>, else <c>$XDG_CACHE_HOME/huggingface/hub</c>, else <c>~/.cache/huggingface/hub</c>.</summary>
    public static string DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("HF_HUB_CACHE") is { Length: > 0 } hubCache)
            return hubCache;
        var home = Environment.GetEnvironmentVariable("HF_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            home = Path.Combine(cache, "huggingface");
        }

        return Path.Combine(home, "hub");
    }

    /// <summary>Splits <c>hf://datasets/OWNER/NAME[@REV][/path]</c>; the revision may be URL-encoded
    /// (<c>refs%2Fconvert%2Fparquet</c>), as <c>huggingface_hub</c> writes it.</summary>
    internal static (string Repo, string? Revision, string? Path) ParseHubAddress(string input)
    {
        var rest = input[HubPrefix.Length..];
        var parts = rest.Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
            throw new FormatException($"'{input}' is not a Hub dataset address: expected hf://datasets/OWNER/NAME[@REVISION][/path/in/repo.parquet].");
        var name = parts[1];
        string? revision = null;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            revision = Uri.UnescapeDataString(name[(at + 1)..]);
            name = name[..at];
            if (revision.Length == 0)
                throw new FormatException($"'{input}': the revision after '@' is empty.");
        }

        var repo = parts[0] + "/" + name;
        HubDatasets.ValidateRepoId(repo);
        var path = parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null;
        return (repo, revision, path);
    }
}
