using System.Text.Json;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests;

/// <summary>A custom task from a .cs file on the command line: compiled with the source generator, shown, and run.</summary>
public class TaskFileTests : IDisposable
{
    private const string Judge = """
        namespace MyTasks;

        [LlmTask(SystemPrompt = "Judge the {aspect} of each answer.")]
        public partial record MyJudge
        {
            [Input] public required string Question { get; init; }
            [Input] public required IReadOnlyList<string> Answers { get; init; }
            [Rating(1, 5)] public IReadOnlyList<int?> Ratings { get; init; } = [];
            [Output] public IReadOnlyList<string?>? Reasons { get; init; }
            [Parameter] public string Aspect { get; init; } = "accuracy";
        }
        """;

    private const string Broken = """
        namespace MyTasks;

        [LlmTask]
        public partial record Broken
        {
            [Input] public required string Question { get; init; }
            [Rating(5, 1)] public int? Score { get; init; }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("distilabel-taskfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_task_file_labels_rows_with_one_value_per_item()
    {
        // The loopback judge rates each numbered item it is shown: item k gets k, and names the aspect in its reason.
        await using var server = await ScriptedOpenAIServer.StartAsync(r =>
        {
            var items = r.Body.Split("<item index=\\\"").Length - 1;
            var aspect = r.Body.Contains("Judge the clarity", StringComparison.Ordinal) ? "clarity" : "other";
            var ratings = string.Concat(Enumerable.Range(1, items).Select(k => $"<item index=\"{k}\">{k}</item>\n"));
            var reasons = string.Concat(Enumerable.Range(1, items).Select(k => $"<item index=\"{k}\">{aspect} {k}</item>\n"));
            return ScriptedResponse.Content($"Sure.\n<ratings>\n{ratings}</ratings>\n<reasons>\n{reasons}</reasons>");
        });
        var task = Write("MyJudge.cs", Judge);
        var input = Write("in.jsonl", string.Join("\n",
            JsonSerializer.Serialize(new { question = "q1", answers = new[] { "a", "b", "c" } }),
            JsonSerializer.Serialize(new { question = "q2", answers = new[] { "d" } })));
        var output = Path.Combine(_dir, "out.jsonl");

        var result = await CliRunner.RunAsync(["label", "--task", task, "--task-param", "aspect=clarity", "--input", input, "--output", output,
            "--llm", "openai-compatible", "--base-url", server.BaseUrl, "--model", "judge", "--no-cache"]);

        Assert.True(result.ExitCode == 0, result.All);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 2, 3], rows[0].GetProperty("ratings").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["clarity 1", "clarity 2", "clarity 3"], rows[0].GetProperty("reasons").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1], rows[1].GetProperty("ratings").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Tasks_shows_a_task_file_with_its_parameters_and_prompt()
    {
        var result = await CliRunner.RunAsync(["tasks", "--task", Write("MyJudge.cs", Judge), "--task-param", "aspect=clarity"]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("task: my_judge (MyTasks.MyJudge)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("answers (list)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("ratings (1-5, one per item of answers)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("aspect = clarity (string)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Judge the clarity of each answer.", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_task_file_prints_the_diagnostic_and_exits_2()
    {
        var task = Write("Broken.cs", Broken);
        var input = Write("in.jsonl", JsonSerializer.Serialize(new { question = "q" }));
        var output = Path.Combine(_dir, "out.jsonl");

        var label = await CliRunner.RunAsync(["label", "--task", task, "--input", input, "--output", output, "--llm", "openai-compatible", "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]);
        var tasks = await CliRunner.RunAsync(["tasks", "--task", task]);

        foreach (var result in new[] { label, tasks })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("Broken.cs(7,32): error DLB0004: [Rating(5, 1)] on 'Score': the minimum 5 is greater than the maximum 1", result.StdErr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_bad_task_parameter_is_one_line_naming_the_valid_ones()
    {
        var result = await CliRunner.RunAsync(["tasks", "--task", Write("MyJudge.cs", Judge), "--task-param", "aspekt=clarity"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --task-param: task 'my_judge', parameter 'aspekt': no such parameter; valid parameters: aspect (string)", result.StdErr, StringComparison.Ordinal);
    }
}
