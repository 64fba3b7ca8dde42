using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Pipeline.Scheduling;
using Distilabel.Pipeline.Steps;
using Distilabel.Testing.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Pipeline;

/// <summary>
/// A run stopped by a configuration error sends no request after the error, even when the slot it frees reaches a
/// waiting row before that row's own cancellation does (the abort's callbacks still running on another thread).
/// </summary>
public sealed class AbortRaceTests
{
    [Fact]
    public async Task A_slot_freed_by_a_rejected_request_starts_no_further_request_while_the_abort_is_still_spreading()
    {
        using var policy = new AbortPolicy(CancellationToken.None);
        // A row's token, as the ordered window links it to the policy.
        using var rowTokens = CancellationTokenSource.CreateLinkedTokenSource(policy.Token);
        // Registered after the link, so it runs first: the abort is still spreading while it sleeps.
        using var slowCallback = policy.Token.Register(() => Thread.Sleep(1000));
        var rejected = new TaskCompletionSource();
        var client = new CallNumberChatClient(async (call, _) =>
        {
            if (call > 1)
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "a request after the abort"));
            await rejected.Task;
            throw new LlmConfigurationException("the server rejected the API key (401)");
        });
        var requests = new LlmRequests(new RunStatistics(null), policy);
        var slots = new RequestSlots(1);
        ChatMessage[] messages = [new(ChatRole.User, "rate this")];

        var first = Task.Run(() => requests.AskAsync(0, slots, client, messages, new ChatOptions(), null, abortOnConfiguration: true, usage: null, rowTokens.Token));
        while (slots.Semaphore.CurrentCount > 0)
            await Task.Delay(10);
        var second = requests.AskAsync(1, slots, client, messages, new ChatOptions(), null, abortOnConfiguration: true, usage: null, rowTokens.Token);

        // Another row trips the abort first; its callbacks (the slow one, then the rows' tokens) run on another thread.
        var earlier = Task.Run(() => policy.TripAsync(7, "the server rejected the API key (401)", null));
        while (!policy.Token.IsCancellationRequested)
            await Task.Delay(1);
        rejected.SetResult();

        await Assert.ThrowsAsync<PipelineAbortedException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(1, client.Calls);
        await earlier;
    }
}
