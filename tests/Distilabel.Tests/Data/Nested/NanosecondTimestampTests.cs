using Distilabel.Data;

namespace Distilabel.Tests.Data.Nested;

/// <summary>Nanosecond timestamps (pandas' and pyarrow's default unit) keep their unit and their values to the .NET
/// tick (100 ns): Parquet.Net reads them as <see cref="DateTime"/>, so the last two digits of a value not on a tick are
/// lost (README, "Any Hub schema").</summary>
public sealed class NanosecondTimestampTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Nanosecond_timestamps_keep_their_unit_and_tick_values()
    {
        var source = _folder.File("ns.parquet");
        DuckDb.Execute($"""
            COPY (SELECT * FROM (VALUES
              (TIMESTAMP_NS '2024-01-02 03:04:05.1234567', [TIMESTAMP_NS '1999-12-31 23:59:59.9999999', NULL]),
              (NULL, []),
              (TIMESTAMP_NS '1970-01-01 00:00:00.0000001', [TIMESTAMP_NS '2200-04-11 23:47:16.8547758'])
            ) AS t(ts, list)) TO '{source}' (FORMAT PARQUET)
            """);
        var output = _folder.File("out.parquet");
        var schema = await ParquetSourceSchema.ReadAsync(source);
        var rows = await DatasetFiles.ReadAsync(source).ToListAsync();
        Assert.Equal("2024-01-02T03:04:05.1234567", rows[0]["ts"]);

        await DatasetFiles.ReadAsync(source).WriteToFileAsync(output, new DatasetWriteOptions { SourceSchema = schema });

        Assert.Equal(
            DuckDb.Rows(source, ["ts", "list"]).Select(r => string.Join("|", r)),
            DuckDb.Rows(output, ["ts", "list"]).Select(r => string.Join("|", r)));
        var types = DuckDb.Query($"SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('{output}'))").Select(r => r[0]);
        Assert.Equal(["TIMESTAMP_NS", "TIMESTAMP_NS[]"], types);
    }
}
