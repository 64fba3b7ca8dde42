using System.Text;
using System.Text.Json;
using Distilabel.Pipeline.Batch;

namespace Distilabel.Tests.Batch;

/// <summary>Request files: one JSONL line per request, split by lines and by bytes, named by a hash of content, run and round.</summary>
public class BatchRequestFileTests
{
    private static BatchRequest Request(int index, int bodyChars = 10)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { model = "m", messages = new[] { new { role = "user", content = new string('x', bodyChars) } } }));
        return new BatchRequest($"row-{index}-00", index, ChatRequestBodiesHash(body), body);
    }

    private static string ChatRequestBodiesHash(byte[] body) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));

    [Fact]
    public void Lines_are_the_batch_input_format_with_the_body_as_sent()
    {
        var file = Assert.Single(BatchRequestFile.Split([Request(0)], "run", 0, 50_000, 200_000_000));
        var line = Encoding.UTF8.GetString(file.Content);

        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("row-0-00", json.RootElement.GetProperty("custom_id").GetString());
        Assert.Equal("POST", json.RootElement.GetProperty("method").GetString());
        Assert.Equal("/v1/chat/completions", json.RootElement.GetProperty("url").GetString());
        Assert.Equal("m", json.RootElement.GetProperty("body").GetProperty("model").GetString());
        Assert.Equal($"distilabel-batch-{file.Hash}.jsonl", file.FileName);
    }

    [Fact]
    public void Files_split_at_the_line_limit_and_at_the_byte_limit_without_breaking_a_line()
    {
        var requests = Enumerable.Range(0, 10).Select(i => Request(i, 100)).ToList();
        var oneLine = BatchRequestFile.Split([requests[0]], "run", 0, 50_000, 200_000_000)[0].Content.Length;

        Assert.Equal([4, 4, 2], BatchRequestFile.Split(requests, "run", 0, 4, 200_000_000).Select(f => f.Requests.Count));
        var bySize = BatchRequestFile.Split(requests, "run", 0, 50_000, oneLine * 3 + 1);
        Assert.Equal([3, 3, 3, 1], bySize.Select(f => f.Requests.Count));
        Assert.All(bySize, f => Assert.True(f.Content.Length <= oneLine * 3 + 1));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), bySize.SelectMany(f => f.Requests).Select(r => r.Index));

        var tooBig = Assert.Throws<ArgumentException>(() => BatchRequestFile.Split(requests, "run", 0, 50_000, oneLine - 1));
        Assert.Contains("row 1", tooBig.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hash_is_stable_for_the_same_content_run_and_round_and_changes_with_any_of_them()
    {
        string Hash(string run, long round, int rows) => BatchRequestFile.Split(Enumerable.Range(0, rows).Select(i => Request(i)), run, round, 50_000, 200_000_000)[0].Hash;

        Assert.Equal(Hash("run", 0, 3), Hash("run", 0, 3));
        Assert.NotEqual(Hash("run", 0, 3), Hash("other", 0, 3));
        Assert.NotEqual(Hash("run", 0, 3), Hash("run", 1, 3));
        Assert.NotEqual(Hash("run", 0, 3), Hash("run", 0, 2));
    }
}
