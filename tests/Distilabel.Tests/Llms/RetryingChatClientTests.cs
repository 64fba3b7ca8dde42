using System.Net;
using Distilabel.Llms;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Llms;

public class RetryingChatClientTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task Transient_failures_are_retried_with_growing_jittered_delays()
    {
        var clock = new InstantTimeProvider();
        var attempts = new List<RetryAttempt>();
        using var inner = new CallNumberChatClient((call, _) => call < 4
            ? throw new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable)
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))));
        using var client = inner.AsBuilder().UseRetry(o =>
        {
            o.BaseDelay = TimeSpan.FromMilliseconds(100);
            o.MaxDelay = TimeSpan.FromMilliseconds(300);
            o.TimeProvider = clock;
            o.OnRetry = attempts.Add;
        }).Build();

        var response = await client.GetResponseAsync(Hello);

        Assert.Equal("ok", response.Text);
        Assert.Equal(4, inner.Calls);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.FailedAttempt));
        Assert.InRange(attempts[0].Delay.TotalMilliseconds, 50, 100);
        Assert.InRange(attempts[1].Delay.TotalMilliseconds, 100, 200);
        Assert.InRange(attempts[2].Delay.TotalMilliseconds, 150, 300); // capped by MaxDelay
        Assert.Equal(attempts.Select(a => a.Delay), clock.RequestedDelays);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Client_errors_are_never_retried(HttpStatusCode status)
    {
        using var inner = new CallNumberChatClient((_, _) => throw new HttpRequestException("no", null, status));
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new InstantTimeProvider() });

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Giving_up_names_the_attempts_and_the_last_reason()
    {
        using var inner = new CallNumberChatClient((_, _) => throw new HttpRequestException("boom", null, HttpStatusCode.InternalServerError));
        using var client = new RetryingChatClient(inner, new RetryOptions { MaxAttempts = 3, TimeProvider = new InstantTimeProvider() });

        var ex = await Assert.ThrowsAsync<LlmRetriesExhaustedException>(() => client.GetResponseAsync(Hello));

        Assert.Equal(3, inner.Calls);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("3 attempts", ex.Message);
        Assert.Contains("500", ex.Message);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task A_cancelled_caller_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        using var inner = new CallNumberChatClient((_, ct) =>
        {
            cts.Cancel();
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(new ChatResponse());
        });
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new InstantTimeProvider() });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: cts.Token));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_stream_that_fails_before_its_first_update_is_retried()
    {
        using var inner = new CallNumberChatClient((call, _) => call == 1
            ? throw new IOException("reset")
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "streamed"))));
        using var client = new RetryingChatClient(inner, new RetryOptions { TimeProvider = new InstantTimeProvider() });

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync(Hello))
            text += update.Text;

        Assert.Equal("streamed", text);
        Assert.Equal(2, inner.Calls);
    }
}
