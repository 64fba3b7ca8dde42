using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// A loopback OpenAI-compatible server that answers the HelpSteer prompt of input row N ("question N") with a
/// deterministic answer for that row, unless <c>fault</c> says otherwise. Counts chat requests per row, and what
/// became of them: answered, or abandoned by the client (it timed out or was stopped) while the server held them.
/// With <c>held: true</c> every answer waits until <see cref="Release"/>: a test decides when requests finish.
/// </summary>
internal sealed partial class RowServer : IAsyncDisposable
{
    private readonly ScriptedOpenAIServer _server;
    private readonly ConcurrentDictionary<int, int> _requestsByRow = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _waitersLock = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Signal)> _waiters = [];
    private int _requests;
    private int _held;
    private int _abandoned;

    private RowServer(ScriptedOpenAIServer server) => _server = server;

    public string BaseUrl => _server.BaseUrl;

    /// <summary>Chat requests that reached the script (with the right key) so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every chat request received, a rejected key's included.</summary>
    public int ChatRequests => _server.ChatRequestCount;

    /// <summary>Every request received (chat and model listings, rejected or not), in arrival order.</summary>
    public IReadOnlyList<ScriptedRequest> AllRequests => _server.Requests;

    /// <summary>Requests the server is holding now (held: true, not yet released or abandoned).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Requests whose client went away (timed out, stopped) while the server held them: never answered.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public IReadOnlyDictionary<int, int> RequestsByRow => _requestsByRow;

    /// <summary>Starts a server; <paramref name="fault"/> (row, attempt for that row's body) may return a fault instead of the answer.</summary>
    public static async Task<RowServer> StartAsync(Func<int, int, ScriptedResponse?>? fault = null, TimeSpan? latency = null, string? requiredApiKey = null, Func<int, TimeSpan>? latencyForRow = null, bool held = false)
    {
        RowServer? self = null;
        var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            var row = RowOf(request.LastUserMessage);
            self!._requestsByRow.AddOrUpdate(row, 1, (_, n) => n + 1);
            if (request.Body.Length > 1_000_000)
                return self.Counted(ScriptedResponse.Status(400, "This model's maximum context length is 8192 tokens; the prompt is too long."));
            var answer = ScriptedResponse.Content(AnswerFor(row), promptTokens: 100 + row % 7, completionTokens: 20);
            var response = fault?.Invoke(row, request.AttemptForBody) ?? answer;
            if (held)
            {
                Interlocked.Increment(ref self._held);
                var settled = 0;
                void Settle()
                {
                    if (Interlocked.Exchange(ref settled, 1) == 0)
                        Interlocked.Decrement(ref self._held);
                }

                var released = self._release.Task.ContinueWith(_ => Settle(), TaskScheduler.Default);
                response = ScriptedResponse.HoldUntil(released, response, () =>
                {
                    Settle();
                    self.Changed(ref self._abandoned);
                });
            }

            var delay = latencyForRow?.Invoke(row) ?? latency;
            return self.Counted(delay is { } d && d > TimeSpan.Zero ? ScriptedResponse.Delay(d, response) : response);
        }, requiredApiKey).ConfigureAwait(false);
        self = new RowServer(server);
        return self;
    }

    /// <summary>Lets every held request (and every later one) be answered.</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Completes when <paramref name="condition"/> holds (checked on every request and every abandoned one); fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<RowServer, bool> condition, string what, TimeSpan? timeout = null)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
            _waiters.Add((() => condition(this), signal));
        Notify();
        try
        {
            await signal.Task.WaitAsync(timeout ?? TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the server never saw {what} (requests {Requests}, held {Held}, abandoned {Abandoned})");
        }
    }

    private ScriptedResponse Counted(ScriptedResponse response)
    {
        Changed(ref _requests);
        return response;
    }

    private void Changed(ref int counter)
    {
        Interlocked.Increment(ref counter);
        Notify();
    }

    private void Notify()
    {
        lock (_waitersLock)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The server's answer for row <paramref name="row"/> (unique per row, always parsable).</summary>
    public static string AnswerFor(int row) =>
        $"<correctness>{row % 5}</correctness><coherence>{row / 5 % 5}</coherence><complexity>1</complexity><verbosity>2</verbosity><helpfulness>{row * 7 % 5}</helpfulness> (row {row})";

    public static int RowOf(string userMessage)
    {
        var match = RowNumber().Match(userMessage);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>Writes an input file of <paramref name="rows"/> HelpSteer rows ("question N" / "answer N", id N).</summary>
    public static string WriteInput(string folder, int rows, string name = "in.jsonl")
    {
        var path = Path.Combine(folder, name);
        using var writer = new StreamWriter(path);
        for (var i = 0; i < rows; i++)
            writer.Write($"{{\"id\":{i},\"prompt\":\"question {i}\",\"response\":\"answer {i}\"}}\n");
        return path;
    }

    /// <summary>The rows of a JSONL output file.</summary>
    public static List<JsonElement> ReadOutput(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [GeneratedRegex(@"question (\d+)")]
    private static partial Regex RowNumber();
}
