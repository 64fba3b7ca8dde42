using Distilabel.Llms;
using Microsoft.Extensions.AI;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Llms;

public class TimeoutAndUsageTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    private static CallNumberChatClient Hanging() => new(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        return new ChatResponse();
    });

    [Fact]
    public async Task An_elapsed_timeout_is_a_transient_LlmTimeoutException_and_the_caller_token_stays_live()
    {
        using var inner = Hanging();
        using var client = inner.AsBuilder().UseRequestTimeout(TimeSpan.FromMilliseconds(50)).Build();
        using var caller = new CancellationTokenSource();

        var ex = await Assert.ThrowsAsync<LlmTimeoutException>(() => client.GetResponseAsync(Hello, cancellationToken: caller.Token));

        Assert.False(caller.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromMilliseconds(50), ex.Timeout);
        Assert.True(LlmErrors.IsTransient(ex));
    }

    [Fact]
    public async Task An_elapsed_timeout_without_a_caller_token_is_an_LlmTimeoutException_too()
    {
        using var inner = Hanging();
        using var client = new TimeoutChatClient(inner, TimeSpan.FromMilliseconds(50));

        var ex = await Assert.ThrowsAsync<LlmTimeoutException>(() => client.GetResponseAsync(Hello));
        Assert.Equal(TimeSpan.FromMilliseconds(50), ex.Timeout);
    }

    [Fact]
    public async Task A_caller_cancellation_is_not_reported_as_a_timeout()
    {
        using var inner = Hanging();
        using var client = new TimeoutChatClient(inner, TimeSpan.FromMinutes(5));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Hello, cancellationToken: caller.Token));
        Assert.IsNotType<LlmTimeoutException>(ex);
    }

    [Fact]
    public async Task Usage_counts_requests_failures_and_tokens_across_threads()
    {
        var counter = new UsageCounter();
        using var inner = new CallNumberChatClient((call, _) => call % 5 == 0
            ? throw new InvalidOperationException("every fifth call fails")
            : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                Usage = new UsageDetails { InputTokenCount = 7, OutputTokenCount = 3 },
            }));
        using var client = inner.AsBuilder().UseUsageTracking(counter).Build();

        await Parallel.ForAsync(0, 50, async (_, ct) =>
        {
            try
            {
                await client.GetResponseAsync(Hello, cancellationToken: ct);
            }
            catch (InvalidOperationException)
            {
            }
        });

        var totals = counter.Snapshot();
        Assert.Equal(50, totals.Requests);
        Assert.Equal(10, totals.FailedRequests);
        Assert.Equal(40 * 7, totals.InputTokens);
        Assert.Equal(40 * 3, totals.OutputTokens);
        Assert.Equal(400, totals.TotalTokens);
    }

    [Fact]
    public void Grammar_travels_in_additional_properties_under_the_documented_key()
    {
        var options = new ChatOptions().WithGrammar("root ::= \"a\"");

        Assert.Equal("root ::= \"a\"", options.AdditionalProperties![GrammarChatOptionsExtensions.GrammarKey]);
        Assert.Equal("root ::= \"a\"", options.GetGrammar());
        Assert.Equal("root ::= \"a\"", options.Clone().GetGrammar());
        Assert.Null(new ChatOptions().GetGrammar());
    }
}
