using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// A loopback OpenAI-compatible server that answers the HelpSteer prompt of input row N ("question N") with a
/// deterministic answer for that row, unless <c>fault</c> says otherwise. Counts chat requests per row.
/// </summary>
internal sealed partial class RowServer : IAsyncDisposable
{
    private readonly ScriptedOpenAIServer _server;
    private readonly ConcurrentDictionary<int, int> _requestsByRow = new();
    private int _requests;

    private RowServer(ScriptedOpenAIServer server) => _server = server;

    public string BaseUrl => _server.BaseUrl;

    /// <summary>Chat requests received so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyDictionary<int, int> RequestsByRow => _requestsByRow;

    /// <summary>Starts a server; <paramref name="fault"/> (row, attempt for that row's body) may return a fault instead of the answer.</summary>
    public static async Task<RowServer> StartAsync(Func<int, int, ScriptedResponse?>? fault = null, TimeSpan? latency = null, string? requiredApiKey = null, Func<int, TimeSpan>? latencyForRow = null)
    {
        RowServer? self = null;
        var server = await ScriptedOpenAIServer.StartAsync(request =>
        {
            var row = RowOf(request.LastUserMessage);
            Interlocked.Increment(ref self!._requests);
            self._requestsByRow.AddOrUpdate(row, 1, (_, n) => n + 1);
            if (request.Body.Length > 1_000_000)
                return ScriptedResponse.Status(400, "This model's maximum context length is 8192 tokens; the prompt is too long.");
            var answer = ScriptedResponse.Content(AnswerFor(row), promptTokens: 100 + row % 7, completionTokens: 20);
            var response = fault?.Invoke(row, request.AttemptForBody) ?? answer;
            var delay = latencyForRow?.Invoke(row) ?? latency;
            return delay is { } d && d > TimeSpan.Zero ? ScriptedResponse.Delay(d, response) : response;
        }, requiredApiKey).ConfigureAwait(false);
        self = new RowServer(server);
        return self;
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
