using System.Net;
using System.Text.Json;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Tests.Fakes;

/// <summary>
/// Tests of the scripted OpenAI-compatible server itself (tests/Distilabel.Testing/OpenAI): its canned answers follow
/// the wire contract, and its held responses behave as the durability tests rely on.
/// </summary>
public sealed class ScriptedOpenAIServerTests
{
    [Fact]
    public async Task The_models_endpoint_answers_on_loopback()
    {
        await using var server = await ScriptedOpenAIServer.StartAsync(ScriptedResponse.Content("x"));
        using var http = new HttpClient();

        using var doc = JsonDocument.Parse(await http.GetStringAsync(server.BaseUrl + "/models"));

        Assert.Equal("scripted-model", doc.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.StartsWith("http://127.0.0.1:", server.BaseUrl);
    }

    [Fact]
    public async Task A_held_response_answers_when_released_and_tells_when_its_client_gave_up()
    {
        var release = new TaskCompletionSource();
        var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedOpenAIServer.StartAsync(r => r.LastUserMessage == "wait"
            ? ScriptedResponse.HoldUntil(release.Task, ScriptedResponse.Content("released"), abandoned: abandoned.SetResult)
            : ScriptedResponse.Hold(abandoned.SetResult));
        using var http = new HttpClient();

        // Given up: the client cancels, the server is told and never answers.
        using (var cancel = new CancellationTokenSource())
        {
            var request = http.PostAsync(server.BaseUrl + "/chat/completions", Body("forever"), cancel.Token);
            while (server.ChatRequestCount == 0)
                await Task.Yield();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            await abandoned.Task.WaitAsync(TimeSpan.FromMinutes(1));
        }

        // Released: the scripted answer follows.
        var held = http.PostAsync(server.BaseUrl + "/chat/completions", Body("wait"));
        Assert.False(held.IsCompleted);
        release.SetResult();
        using var response = await held;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("released", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Body(string user) =>
        new($$"""{"model":"m","messages":[{"role":"user","content":"{{user}}"}]}""", System.Text.Encoding.UTF8, "application/json");
}
