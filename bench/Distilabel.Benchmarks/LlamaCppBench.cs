using Distilabel.LlamaCpp;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Tasks;
using Microsoft.Extensions.AI;

namespace Distilabel.Benchmarks;

/// <summary>
/// <c>llamacpp [--model PATH] [--input PATH] [--concurrency 1,4,8] [--repeat 3] [--threads N] [--max-new-tokens 128]</c>:
/// the README's llamacpp command (HelpSteer judge, temperature 0, grammar on) run by a plain LLamaSharp loop and by
/// <see cref="LlamaCppChatClient"/> at each concurrency, side by side, <c>--repeat</c> times in turn; prints the median
/// rows/s, prompt and generation tokens/s, how many answers parse, and how many equal the plain loop's
/// (one row at a time) answers.
/// </summary>
public static class LlamaCppBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var model = Path.Combine("..", "shared", "models", "stories260K.gguf");
        var input = Path.Combine("samples", "helpsteer-sample.jsonl");
        int[] concurrencies = [1, 4, 8];
        var repeat = 3;
        var threads = LlamaCppChatClientOptions.DefaultThreads;
        var maxTokens = 128;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--model": model = args[++i]; break;
                case "--input": input = args[++i]; break;
                case "--concurrency": concurrencies = args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--max-new-tokens": maxTokens = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"llamacpp: unknown option {args[i]} (options: --model, --input, --concurrency 1,4,8, --repeat, --threads, --max-new-tokens)");
            }
        }

        var task = LlmTaskRegistry.Find("helpsteer")!;
        var rows = new List<object>();
        await foreach (var row in DatasetFiles.ReadAsync(input))
            rows.Add(task.FromRow(row));
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = maxTokens }.WithGrammar(task.OutputGrammar);

        var clients = new Dictionary<int, LlamaCppChatClient>();
        foreach (var c in concurrencies)
            clients[c] = LlamaCppChatClient.Load(model, new LlamaCppChatClientOptions { Threads = threads, MaxConcurrency = c });
        using var plain = new PlainLlamaSharpLoop(model, 4096, threads);
        var prompts = rows.Select(r => clients[concurrencies[0]].FormatPrompt(task.BuildPrompt(r))).ToArray();

        Console.Error.WriteLine($"llamacpp bench: {rows.Count} rows, {threads} threads, concurrency {string.Join(",", concurrencies)}, {repeat} rounds");
        var runs = new Dictionary<string, List<Run>>();
        string[]? reference = null;
        for (var round = 0; round < repeat; round++)
        {
            // The plain loop and each client in turn, every round: background load hits them alike.
            var baseline = RunPlain(plain, prompts, task, rows, maxTokens);
            reference ??= baseline.Answers;
            Add(runs, "plain LLamaSharp loop", baseline);
            foreach (var c in concurrencies)
                Add(runs, $"LlamaCppChatClient, concurrency {c}", await RunClientAsync(clients[c], task, rows, options, c));
            Console.Error.WriteLine($"round {round + 1}/{repeat} done");
        }

        foreach (var client in clients.Values)
            client.Dispose();

        var plainRate = Median(runs["plain LLamaSharp loop"].Select(r => r.RowsPerSecond));
        var table = new StringBuilder();
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rows, {threads} threads, max {maxTokens} new tokens, temperature 0, grammar on; medians of {repeat} rounds"));
        table.AppendLine("| Runner | rows/s | × plain | prompt tok/s | prompt tok/s evaluated | gen tok/s | parsed | equal to plain |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, list) in runs)
        {
            var rate = Median(list.Select(r => r.RowsPerSecond));
            var equal = list.Min(r => r.Answers.Zip(reference!).Count(p => p.First == p.Second));
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {rate:0.00} | {rate / plainRate:0.00} | {Median(list.Select(r => r.PromptTokensPerSecond)):0} | {Median(list.Select(r => r.EvaluatedTokensPerSecond)):0} | {Median(list.Select(r => r.OutputTokensPerSecond)):0} | {list.Min(r => r.Parsed)}/{rows.Count} | {equal}/{rows.Count} |"));
        }

        Console.WriteLine(table);
        return 0;
    }

    private static Run RunPlain(PlainLlamaSharpLoop plain, string[] prompts, LlmTaskDefinition task, List<object> rows, int maxTokens)
    {
        var answers = new string[prompts.Length];
        long promptTokens = 0, outputTokens = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < prompts.Length; i++)
        {
            var (text, p, o) = plain.Generate(prompts[i], task.OutputGrammar, maxTokens);
            answers[i] = text;
            promptTokens += p;
            outputTokens += o;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var parsed = rows.Select((r, i) => Parses(task, r, answers[i])).Count(ok => ok);
        return new Run(answers, prompts.Length / seconds, promptTokens / seconds, promptTokens / seconds, outputTokens / seconds, parsed);
    }

    private static async Task<Run> RunClientAsync(IChatClient client, LlmTaskDefinition task, List<object> rows, ChatOptions options, int concurrency)
    {
        var answers = new string[rows.Count];
        var usage = new UsageDetails[rows.Count];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var response = await client.GetResponseAsync(task.BuildPrompt(rows[i]), options, ct);
            answers[i] = response.Text;
            usage[i] = response.Usage!;
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var parsed = rows.Select((r, i) => Parses(task, r, answers[i])).Count(ok => ok);
        var promptTokens = usage.Sum(u => u.InputTokenCount ?? 0);
        var evaluated = promptTokens - usage.Sum(u => u.CachedInputTokenCount ?? 0);
        return new Run(answers, rows.Count / seconds, promptTokens / seconds, evaluated / seconds, usage.Sum(u => u.OutputTokenCount ?? 0) / seconds, parsed);
    }

    /// <summary>Whether every output column got a value (parsing never throws: a bad value is null).</summary>
    private static bool Parses(LlmTaskDefinition task, object row, string answer)
    {
        var parsed = task.ToRow(task.ParseOutput(row, answer));
        return task.Descriptor.Outputs.All(o => parsed.GetValueOrDefault(o.Name) is not null);
    }

    private static void Add(Dictionary<string, List<Run>> runs, string name, Run run)
    {
        if (!runs.TryGetValue(name, out var list))
            runs[name] = list = [];
        list.Add(run);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Run(string[] Answers, double RowsPerSecond, double PromptTokensPerSecond, double EvaluatedTokensPerSecond, double OutputTokensPerSecond, int Parsed);
}
