using Parquet;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// The schema and key-value metadata of a source Parquet file (a Hub shard, say), carried to a Parquet writer through
/// <see cref="DatasetWriteOptions.SourceSchema"/> so that the columns passing through keep their exact types: int32
/// stays int32, timestamps keep their unit and time zone, decimals their precision, nested lists, structs and maps
/// their shape, and the <c>huggingface</c> metadata stays. Columns the source lacks are inferred as usual.
/// <code>
/// var source = await ParquetSourceSchema.ReadAsync("train.parquet");
/// await DatasetFiles.ReadAsync("train.parquet").WriteToFileAsync("out.parquet", new DatasetWriteOptions { SourceSchema = source });
/// </code>
/// </summary>
public sealed class ParquetSourceSchema
{
    private readonly Dictionary<string, Field> _byName;

    /// <summary>A schema from Parquet.Net fields and file metadata.</summary>
    public ParquetSourceSchema(IEnumerable<Field> fields, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields.ToArray();
        _byName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>The top-level fields, in file order.</summary>
    public IReadOnlyList<Field> Fields { get; }

    /// <summary>The file's key-value metadata (e.g. <c>huggingface</c>: the <c>datasets</c> features).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The column names, in file order.</summary>
    public IEnumerable<string> Columns => Fields.Select(f => f.Name);

    /// <summary>Reads the footer of a Parquet file (no data). A missing or invalid file throws
    /// <see cref="DatasetFormatException"/> naming it.</summary>
    public static async Task<ParquetSourceSchema> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = DatasetPaths.RequireExisting(path);
        await using var stream = DatasetPaths.OpenRead(full);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, ParquetLeafValues.ReadOptions, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DatasetFormatException(full, $"not a valid Parquet file, or truncated ({e.Message})", innerException: e);
        }

        await using (reader.ConfigureAwait(false))
            return new ParquetSourceSchema(reader.Schema.Fields, reader.CustomMetadata.ToDictionary());
    }

    /// <summary>The field of <paramref name="column"/>, or null.</summary>
    public Field? Find(string column) => _byName.GetValueOrDefault(column);

    /// <summary>This schema with <paramref name="from"/> renamed to <paramref name="to"/> (its type kept); unchanged
    /// when it has no such column.</summary>
    public ParquetSourceSchema WithRenamedColumn(string from, string to)
        => _byName.ContainsKey(from)
            ? new ParquetSourceSchema(Fields.Select(f => f.Name == from ? ParquetFields.WithName(f, to) : f), Metadata)
            : this;
}
