using System.Text.Json;
using Distilabel.Testing.OpenAI;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive.Tests.Interactive;

/// <summary>
/// <c>#!distilabel label … --batch-no-wait</c> submits to the OpenAI Batch API (the loopback fake, through the real SDK)
/// and says how to collect; the same cell with <c>--batch</c> waits, shows the batches' progress, then the labelled rows.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class DistilabelBatchMagicTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("distilabel-batch-magic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Text(DisplayedValueProduced value) => value.FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;

    [Fact]
    public async Task A_cell_submits_without_waiting_then_the_same_cell_collects_without_uploading_again()
    {
        await using var server = await FakeOpenAIBatchServer.StartAsync();
        server.Answer = (id, _) => FakeBatchAnswer.Text($"<correctness>{int.Parse(id.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) % 5}</correctness><coherence>3</coherence><complexity>2</complexity><verbosity>1</verbosity><helpfulness>0</helpfulness>");
        server.HoldInProgress = true;
        var input = Path.Combine(_folder, "in.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 3).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"<b>a{i}</b>" })));
        var output = Path.Combine(_folder, "out.jsonl");
        string Cell(string mode) => $"#!distilabel\nlabel --task helpsteer --input {input} --output {output} \\\n"
                                    + $"  --llm openai-compatible --base-url {server.BaseUrl} --model judge {mode} --batch-poll-seconds 0";
        using var kernel = await TestKernel.CreateAsync();

        var submitted = await kernel.SubmitSuccessfullyAsync(Cell("--batch-no-wait"));

        Assert.Contains(submitted.Events.OfType<DisplayedValueProduced>(), v => v.FormattedValues.Any(f => f.Value.StartsWith("The batches are running on the server: run this cell again", StringComparison.Ordinal)));
        Assert.False(File.Exists(output));
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));

        server.HoldInProgress = false;
        var collected = await kernel.SubmitSuccessfullyAsync(Cell("--batch"));

        var shown = collected.Events.OfType<DisplayedValueProduced>().ToList();
        var note = collected.Events.OfType<DisplayedValueUpdated>().Select(u => u.FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value)
            .Concat(shown.Where(v => v.FormattedValues.Any(f => f.MimeType == PlainTextFormatter.MimeType)).Select(Text));
        Assert.Contains(note, line => line.StartsWith("batch: 1 batch (", StringComparison.Ordinal));
        Assert.Contains("&lt;b&gt;a0&lt;/b&gt;", shown.Single(v => v.FormattedValues.Any(f => f.Value.Contains("Labelled dataset", StringComparison.Ordinal))).FormattedValues.First().Value, StringComparison.Ordinal);
        Assert.StartsWith("3 of 3 rows labelled → ", Text(shown[^1]), StringComparison.Ordinal);
        Assert.Equal((1, 1), (server.Uploads, server.BatchesCreated));
        var correctness = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("correctness").GetInt32());
        Assert.Equal([0, 1, 2], correctness);
    }
}
