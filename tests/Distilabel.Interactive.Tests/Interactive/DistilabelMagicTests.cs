using System.Text.Json;
using Distilabel.Testing.OpenAI;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive.Tests.Interactive;

/// <summary><c>#!distilabel label …</c> in a kernel: the library's one-call job against a loopback OpenAI-compatible server.</summary>
[Collection(KernelCollection.Name)]
public sealed class DistilabelMagicTests : IDisposable
{
    private const string GoodAnswer = "<correctness>4</correctness>\n<coherence>3</coherence>\n<complexity>2</complexity>\n<verbosity>1</verbosity>\n<helpfulness>0</helpfulness>";

    private readonly string _folder = Directory.CreateTempSubdirectory("distilabel-magic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteInput(int rows)
    {
        var path = Path.Combine(_folder, "in put.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => JsonSerializer.Serialize(new { prompt = $"q{i}?", response = $"<b>a{i}</b>" })));
        return path;
    }

    private string Magic(ScriptedOpenAIServer server, string input, params string[] extra)
        => $"#!distilabel\nlabel --task helpsteer --input \"{input}\" --output {Path.Combine(_folder, "out.jsonl")} \\\n"
           + $"  --llm openai-compatible --base-url {server.BaseUrl} --model judge {string.Join(' ', extra)}";

    [Fact]
    public async Task A_label_cell_shows_live_progress_then_the_labelled_rows_and_a_rerun_resumes_from_the_journal()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer, promptTokens: 10, completionTokens: 5));
        using var kernel = await TestKernel.CreateAsync();
        var input = WriteInput(5);

        var result = await kernel.SubmitSuccessfullyAsync(Magic(server, input));

        var shown = result.Events.OfType<DisplayedValueProduced>().ToList();
        var progress = shown[0];
        Assert.Contains("aria-label=\"pipeline progress\"", progress.Html(), StringComparison.Ordinal);
        var updates = result.Events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == progress.ValueId).ToList();
        Assert.NotEmpty(updates);
        // A JSONL input is read once, so its progress counts rows without a total (Parquet gives one from its footer).
        Assert.Contains("<strong>5 rows</strong>", updates[^1].Html(), StringComparison.Ordinal);
        Assert.Contains("Labelling in put.jsonl with helpsteer", updates[^1].Html(), StringComparison.Ordinal);
        var preview = shown[1].Html();
        Assert.Contains("Labelled dataset", preview, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;a0&lt;/b&gt;", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>a0</b>", preview, StringComparison.Ordinal);
        var summary = shown[2].FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;
        Assert.StartsWith("5 of 5 rows labelled → ", summary, StringComparison.Ordinal);
        Assert.Equal(5, server.ChatRequestCount);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(_folder, "out.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(_folder, ".distilabel", "out.jsonl.journal.db")));

        var again = await kernel.SubmitSuccessfullyAsync(Magic(server, input, "--resume"));

        Assert.Equal(5, server.ChatRequestCount);
        var resumed = again.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == PlainTextFormatter.MimeType).Value;
        Assert.Contains("5 from the journal", resumed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus 1", "unknown option '--bogus'")]
    [InlineData("--concurrency 0", "--concurrency must be a number between 1 and 4096")]
    [InlineData("--resume", "there is no journal to resume")]
    [InlineData("--fresh --resume", "--fresh and --resume contradict each other")]
    public async Task A_bad_cell_fails_with_one_line_naming_the_option_and_asks_nothing(string extra, string expected)
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content(GoodAnswer));
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitAsync(Magic(server, WriteInput(2), extra));

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Contains(expected, failed.Message, StringComparison.Ordinal);
        Assert.StartsWith("#!distilabel: ", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.ChatRequestCount);
        Assert.False(File.Exists(Path.Combine(_folder, "out.jsonl")));
    }

    [Fact]
    public void Words_follow_the_shell_quotes_continuations_and_variables()
    {
        var environment = new Dictionary<string, string?> { ["MODEL"] = "/m/tiny.gguf" };

        var words = MagicWords.Split("label --input \"a b.jsonl\" \\\n  --model $MODEL --output ${OUT:-out dir}/x.jsonl --seed '$MODEL'", name => environment.GetValueOrDefault(name));

        Assert.Equal(["label", "--input", "a b.jsonl", "--model", "/m/tiny.gguf", "--output", "out dir/x.jsonl", "--seed", "$MODEL"], words);
        var unset = Assert.Throws<FormatException>(() => MagicWords.Split("--model $NOPE", name => environment.GetValueOrDefault(name)));
        Assert.Contains("NOPE is not set", unset.Message, StringComparison.Ordinal);
    }
}
