#pragma warning disable OPENAI001 // M.E.AI's public converters are marked for evaluation; measured here only.
using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Distilabel.Benchmarks;

/// <summary>
/// The CPU and allocations per request of the LLM client stack alone, against the loopback latency server (a separate
/// process, zero latency), C requests at once: the OpenAI SDK as the hand-written loop calls it, our client without
/// middleware, and the CLI's stack (retries, timeout, error translation), each with the same HelpSteer prompt; plus one
/// variant per AppContext switch given. Variants alternate round by round; the table shows medians.
/// </summary>
public static class ClientCosts
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var requests = (int)Math.Min(options.Rows, 100_000);
        await using var server = await ServerHandle.StartAsync(options with { LatencyMs = 0, Distribution = LatencyDistribution.Fixed, NoHttp = false, InProcessServer = false }).ConfigureAwait(false);
        var task = LlmTaskDefinition.Of<HelpSteer>();
        var row = new Dictionary<string, object?> { ["prompt"] = ClientRun.Text("Question", 1, options.PromptChars), ["response"] = ClientRun.Text("Answer", 1, options.ResponseChars) };
        var messages = task.BuildPrompt(task.FromRow(row));
        var chat = new ChatOptions { Temperature = 0 };

        var variants = new List<(string Name, string[] Switches, Func<Func<Task>> Make)>
        {
            ("OpenAI SDK ChatClient (the loop's call)", [], () =>
            {
                var client = new ChatClient(LatencyServer.ModelId, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl) });
                var sdkMessages = messages.Select(m => m.Role == ChatRole.System ? (OpenAI.Chat.ChatMessage)new SystemChatMessage(m.Text) : new UserChatMessage(m.Text)).ToList();
                var sdkOptions = new ChatCompletionOptions { Temperature = 0 };
                return async () => GC.KeepAlive((await client.CompleteChatAsync(sdkMessages, sdkOptions).ConfigureAwait(false)).Value.Content[0].Text);
            }),
            ("SDK ChatClient + M.E.AI's public converters (AsOpenAIChatMessages, AsChatResponse)", [], () =>
            {
                var client = new ChatClient(LatencyServer.ModelId, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl) });
                return async () =>
                {
                    var sdkOptions = new ChatCompletionOptions { Temperature = 0 };
                    var completion = (await client.CompleteChatAsync(messages.AsOpenAIChatMessages(chat), sdkOptions).ConfigureAwait(false)).Value;
                    GC.KeepAlive(completion.AsChatResponse(sdkOptions).Text);
                };
            }),
            ("OpenAIChatClients.CreateCompatible (SDK protocol method, one-pass body and answer; no middleware)", [], Ours(() => OpenAIChatClients.CreateCompatible(server.BaseUrl, LatencyServer.ModelId))),
            ("LlmClients.CreateAsync (the CLI's stack)", [], Ours(Cli)),
            ("the CLI's stack, the task's grammar sent too (as a job does)", [], WithGrammar),
            ("the CLI's stack, a raw-options factory (falls back to M.E.AI's adapter and the SDK's models)", [], () =>
            {
                var client = Cli();
                var withFactory = chat.Clone();
                withFactory.RawRepresentationFactory = _ => new ChatCompletionOptions();
                return async () => GC.KeepAlive((await client.GetResponseAsync(messages, withFactory.Clone()).ConfigureAwait(false)).Text);
            }),
        };
        foreach (var name in options.Switches)
            variants.Add(($"the CLI's stack with the grammar, switch {name}", name.Split('+'), WithGrammar));

        Func<Task> WithGrammar()
        {
            var client = Cli();
            var withGrammar = chat.Clone().WithGrammar(task.OutputGrammar);
            return async () => GC.KeepAlive((await client.GetResponseAsync(messages, withGrammar.Clone()).ConfigureAwait(false)).Text);
        }

        IChatClient Cli() => LlmClients.CreateAsync(new LlmSettings { Provider = LlmProvider.OpenAICompatible, BaseUrl = server.BaseUrl, Model = LatencyServer.ModelId }).GetAwaiter().GetResult();
        Func<Func<Task>> Ours(Func<IChatClient> make) => () =>
        {
            var client = make();
            return async () => GC.KeepAlive((await client.GetResponseAsync(messages, chat.Clone()).ConfigureAwait(false)).Text);
        };

        var allSwitches = options.Switches.SelectMany(s => s.Split('+')).Distinct().ToArray();
        var results = variants.ToDictionary(v => v.Name, _ => new List<(double Micros, double KiB)>());
        for (var round = -1; round < options.Repeats; round++)
        {
            foreach (var (name, switches, make) in round % 2 == 0 ? variants : Enumerable.Reverse(variants))
            {
                foreach (var s in allSwitches)
                    AppContext.SetSwitch(s, switches.Contains(s));
                var send = make();
                var cost = await MeasureAsync(round < 0 ? Math.Min(requests, 2_000) : requests, options.Concurrency, send).ConfigureAwait(false);
                if (round >= 0)
                    results[name].Add(cost);
                ClientRun.Log($"{(round < 0 ? "warm-up " : "")}{name}: {cost.Micros:0.0} µs, {cost.KiB:0.00} KiB per request");
            }
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{requests:N0} requests, C = {options.Concurrency}, {Environment.ProcessorCount} cores, zero latency, medians of {options.Repeats} rounds, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        text.AppendLine();
        text.AppendLine("| Client | CPU µs/request | allocated KiB/request |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (name, list) in results)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Median(list.Select(c => c.Micros)):0.0} | {Median(list.Select(c => c.KiB)):0.00} |");
        Console.WriteLine(text);
        if (options.Markdown is { } markdown)
            await File.WriteAllTextAsync(markdown, text.ToString()).ConfigureAwait(false);
        return 0;
    }

    private static async Task<(double Micros, double KiB)> MeasureAsync(int requests, int concurrency, Func<Task> send)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var before = self.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, _) => await send().ConfigureAwait(false)).ConfigureAwait(false);
        self.Refresh();
        return ((self.TotalProcessorTime - before).TotalMicroseconds / requests, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / requests);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
