using System.Text.Json;
using Distilabel.Data;

namespace Distilabel.Tests.Data.Nested;

/// <summary>
/// The <c>huggingface</c> metadata (the <c>datasets</c> features) of a written file names exactly its columns: what
/// <c>label</c> adds gets the feature of its type, a dropped column loses its feature, a pass-through keeps it as it was.
/// </summary>
public sealed class HuggingFaceFeaturesTests : IDisposable
{
    private const string Features = """{"info": {"features": {"prompt": {"dtype": "string", "_type": "Value"}, "helpfulness": {"dtype": "int32", "_type": "Value"}, "messages": [{"role": {"dtype": "string", "_type": "Value"}, "content": {"dtype": "string", "_type": "Value"}}]}}}""";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(string Path, ParquetSourceSchema Schema)> SourceAsync()
    {
        var path = _folder.File("source.parquet");
        DuckDb.Execute($$"""
            COPY (SELECT 'p' AS prompt, 3::INTEGER AS helpfulness, [{'role': 'user', 'content': 'hi'}] AS messages)
            TO '{{path}}' (FORMAT PARQUET, KV_METADATA {huggingface: '{{Features}}'})
            """);
        return (path, await ParquetSourceSchema.ReadAsync(path));
    }

    // DuckDB shows metadata values as blobs (a quote is \x22); the metadata is text.
    private static string HuggingFace(string parquet) => DuckDb.Metadata(parquet).Single(kv => kv[0] == "huggingface")[1]!.Replace("\\x22", "\"", StringComparison.Ordinal);

    private static JsonElement FeaturesOf(string parquet)
        => JsonDocument.Parse(HuggingFace(parquet)).RootElement.GetProperty("info").GetProperty("features").Clone();

    [Fact]
    public async Task Added_columns_get_their_feature_and_dropped_ones_lose_it()
    {
        var (source, schema) = await SourceAsync();
        var output = _folder.File("labelled.parquet");

        await DatasetFiles.ReadAsync(source)
            .RemoveColumns("helpfulness")
            .Select(row =>
            {
                row.Add("correctness", 4L);
                row.Add("generations", new List<string?> { "a", "b" });
                row.Add("labelling_error", null);
                return row;
            })
            .WriteToFileAsync(output, new DatasetWriteOptions { SourceSchema = schema });

        var features = FeaturesOf(output);
        Assert.Equal(["prompt", "messages", "correctness", "generations", "labelling_error"], features.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""[{"role":{"dtype":"string","_type":"Value"},"content":{"dtype":"string","_type":"Value"}}]""", features.GetProperty("messages").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("int64", features.GetProperty("correctness").GetProperty("dtype").GetString());
        Assert.Equal("Sequence", features.GetProperty("generations").GetProperty("_type").GetString());
        Assert.Equal("string", features.GetProperty("generations").GetProperty("feature").GetProperty("dtype").GetString());
        Assert.Equal("string", features.GetProperty("labelling_error").GetProperty("dtype").GetString());
    }

    [Fact]
    public async Task A_pass_through_keeps_the_metadata_byte_for_byte()
    {
        var (source, schema) = await SourceAsync();
        var output = _folder.File("copy.parquet");

        await DatasetFiles.ReadAsync(source).WriteToFileAsync(output, new DatasetWriteOptions { SourceSchema = schema });

        Assert.Equal(Features, HuggingFace(output));
    }
}
