using System.Globalization;
using System.Text.Json;
using Distilabel.Testing;
using Distilabel.Testing.OpenAI;
using Distilabel.Testing.Redis;

namespace Distilabel.Orleans.Tests;

/// <summary>Two <c>distilabel worker</c> processes joined through a real Redis, and a job submitted with <c>distilabel label --cluster</c>.</summary>
public sealed class RedisClusterTests
{
    private const int Rows = 60;

    [RequiresRedisFact]
    public async Task Two_worker_processes_on_redis_label_a_job_submitted_from_the_command_line()
    {
        var folder = Directory.CreateTempSubdirectory("distilabel-redis-").FullName;
        await using var redis = await RedisServerProcess.StartAsync(TimeSpan.FromSeconds(30));
        // Some latency per answer, so both workers get rows (the second steals half of the first one's range).
        await using var first = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Delay(TimeSpan.FromMilliseconds(100), HelpSteerAnswers.For(r)), modelId: "worker-one");
        await using var second = await ScriptedOpenAIServer.StartAsync(r => ScriptedResponse.Delay(TimeSpan.FromMilliseconds(100), HelpSteerAnswers.For(r)), modelId: "worker-two");
        var cluster = "redis://" + redis.Address;
        string[] Worker(ScriptedOpenAIServer server, string model) =>
        [
            "--cluster", cluster, "--silo-port", Port(), "--gateway-port", Port(), "--fast-failure-detection",
            "--llm", "openai-compatible", "--base-url", server.BaseUrl, "--model", model, "--concurrency", "2",
        ];
        try
        {
            await using var one = await WorkerProcess.StartAsync(Worker(first, "worker-one"), TimeSpan.FromSeconds(60));
            await using var two = await WorkerProcess.StartAsync(Worker(second, "worker-two"), TimeSpan.FromSeconds(60));

            var input = HelpSteerAnswers.WriteInput(folder, Rows);
            var output = Path.Combine(folder, "out.jsonl");
            var label = await ProcessRunner.RunAsync(
                "dotnet",
                [CommandLine.Dll, "label", "--task", "helpsteer", "--input", input, "--output", output, "--max-new-tokens", "64", "--cluster", cluster],
                folder,
                null,
                TimeSpan.FromSeconds(120));
            Assert.True(label.ExitCode == 0, $"label exited with {label.ExitCode}:\n{label.All}\n--- worker one ---\n{one.Output}\n--- worker two ---\n{two.Output}");

            // Every row, in order, once; each answered by one of the workers' models, both of which took part.
            var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(Enumerable.Range(0, Rows), rows.Select(r => r.GetProperty("id").GetInt32()));
            var models = rows.Select(r => r.GetProperty("labelling_model").GetString()).ToHashSet();
            Assert.Equal(["worker-one", "worker-two"], models.Order());
            Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("labelling_error").ValueKind));
            Assert.Equal(Rows, first.ChatRequestCount + second.ChatRequestCount);
            Assert.Contains("labelled", label.StdOut, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Port() => RedisServerProcess.FreePort().ToString(CultureInfo.InvariantCulture);
}
