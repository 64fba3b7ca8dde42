using Distilabel.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Steps;

/// <summary>Answers one row's instruction several times, each generation by its assigned LLM.</summary>
internal static class Generations
{
    /// <summary>An LLM assigned to generations of a run, with its request slots and timeout.</summary>
    internal sealed record Member(Microsoft.Extensions.AI.IChatClient Client, string Model, RequestSlots Slots, TimeSpan? Timeout);

    /// <summary>One generation: the member's model, its answer, and its error (with its generation number).</summary>
    internal readonly record struct Generated(string Model, string? Text, RowError? Error);

    /// <param name="index">The row.</param>
    /// <param name="instruction">The user message.</param>
    /// <param name="systemPrompt">An optional system message.</param>
    /// <param name="assignments">The member of each generation, in order.</param>
    /// <param name="chat">Generation options.</param>
    /// <param name="run">The run.</param>
    /// <param name="isolateMembers">
    /// A pool: a member's configuration error fails its own generations only (and no more of its requests are sent);
    /// the run stops only when every member is out. Otherwise the first configuration error stops the run.
    /// </param>
    /// <param name="step">The step name, for the errors.</param>
    /// <param name="usage">The row's token count, if kept.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public static async Task<Generated[]> RunAsync(
        long index,
        string instruction,
        string? systemPrompt,
        IReadOnlyList<Member> assignments,
        ChatOptions chat,
        StepRun run,
        bool isolateMembers,
        string step,
        RowUsage? usage,
        CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>();
        if (systemPrompt is not null)
            messages.Add(new ChatMessage(ChatRole.System, systemPrompt));
        messages.Add(new ChatMessage(ChatRole.User, instruction));
        var calls = assignments.Select(async (member, g) =>
        {
            // Generation g > 0 samples with seed + g: the same seed would give one member's generations the same text
            // (and a cache hit), which makes worthless preference pairs. Generation 0 keeps the seed as it was.
            var options = g > 0 && chat.Seed is { } seed ? WithSeed(chat, seed + g) : chat;
            var answer = await run.Requests.AskAsync(index, member.Slots, member.Client, messages, options, member.Timeout, abortOnConfiguration: !isolateMembers, usage, cancellationToken).ConfigureAwait(false);
            var error = answer.Error is null ? null : answer.Error with { Step = step, Generation = g };
            if (isolateMembers && error is { Category: LlmErrorCategory.Configuration } && assignments.All(m => m.Slots.OutOfService is not null))
                throw await run.Policy.TripAsync(index, $"every LLM of the pool failed; last: {error.Detail}", null).ConfigureAwait(false);

            return new Generated(member.Model, answer.Text, error);
        });
        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private static ChatOptions WithSeed(ChatOptions chat, long seed)
    {
        var options = chat.Clone();
        options.Seed = seed;
        return options;
    }
}
