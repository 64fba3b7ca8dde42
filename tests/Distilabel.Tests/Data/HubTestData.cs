using Distilabel.Data;

namespace Distilabel.Tests.Data;

/// <summary>HelpSteer-like rows and real Parquet files of them, as the Hub would serve.</summary>
internal static class HubTestData
{
    public static readonly string[] Ratings = ["helpfulness", "correctness", "coherence", "complexity", "verbosity"];

    public static Row HelpSteerRow(int id) => new()
    {
        ["prompt"] = $"Prompt {id}: explain ünïcode & \"quotes\"?",
        ["response"] = $"Response {id}\nwith two lines.",
        ["helpfulness"] = (long)(id % 5),
        ["correctness"] = (long)((id + 1) % 5),
        ["coherence"] = 4L,
        ["complexity"] = (long)(id % 3),
        ["verbosity"] = 2L,
    };

    /// <summary>Parquet bytes of rows <paramref name="first"/>… (<paramref name="count"/> rows), ratings as int32 like HelpSteer, small row groups.</summary>
    public static async Task<byte[]> ParquetAsync(int first, int count, int rowGroupSize = 10)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hub-test-{Guid.NewGuid():N}.parquet");
        try
        {
            var options = new DatasetWriteOptions
            {
                RowGroupSize = rowGroupSize,
                Schema = [DatasetColumn.String("prompt"), DatasetColumn.String("response"), .. Ratings.Select(DatasetColumn.Int32)],
            };
            await DatasetFiles.WriteAsync(path, Enumerable.Range(first, count).Select(HelpSteerRow), options);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static int IdOf(Row row) => int.Parse(((string)row["prompt"]!)["Prompt ".Length..((string)row["prompt"]!).IndexOf(':')], System.Globalization.CultureInfo.InvariantCulture);
}
