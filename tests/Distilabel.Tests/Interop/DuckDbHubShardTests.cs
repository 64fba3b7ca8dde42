using Distilabel.Data;
using Distilabel.Data.Hub;
using Distilabel.Testing.Hub;
using Distilabel.Tests.Data;

namespace Distilabel.Tests.Interop;

/// <summary>
/// The Hub's Parquet conversion is written by another implementation than ours (pyarrow on the Hub): a shard written
/// by DuckDB (ZSTD, dictionaries, row groups of 2,048) loads, sliced across a row-group boundary, with the values the
/// shards our own writer makes give (see HubDatasetsTests).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class DuckDbHubShardTests
{
    [Fact]
    public async Task A_shard_written_by_duckdb_loads_sliced_across_row_groups()
    {
        using var dir = new TempDirectory();
        var shard = dir.File("0000.parquet");
        using (var duck = new DuckDb())
        {
            duck.Execute($"""
                COPY (
                  SELECT
                    'Prompt ' || i || ': explain ünïcode & "quotes"?' AS prompt,
                    'Response ' || i || chr(10) || 'with two lines.' AS response,
                    (i % 5)::INTEGER AS helpfulness,
                    ((i + 1) % 5)::INTEGER AS correctness,
                    4::INTEGER AS coherence,
                    (i % 3)::INTEGER AS complexity,
                    2::INTEGER AS verbosity
                  FROM range(0, 5000) t(i)
                  ORDER BY i
                ) TO {DuckDb.Literal(shard)} (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 2048)
                """);
        }

        await using var hub = await FakeHub.StartAsync();
        hub.AddDataset("nvidia/HelpSteer").AddParquetConversion("default", "train", await File.ReadAllBytesAsync(shard));

        var rows = await HubDatasets.LoadAsync("nvidia/HelpSteer", "train[2040:2060]", new HubOptions { Endpoint = hub.Endpoint, Token = "" }).ToListAsync();

        Assert.Equal(20, rows.Count);
        for (var i = 0; i < rows.Count; i++)
            RowAssert.Equal(HubTestData.HelpSteerRow(2040 + i), rows[i]);
    }
}
