using Distilabel.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline.Steps;

/// <summary>Answers one row's instruction several times, each generation by its assigned LLM.</summary>
internal static class Generations
{
    /// <summary>An LLM assigned to generations of a run: its requests slots, timeout and health.</summary>
    internal sealed class Member(IChatClient client, string model, SemaphoreSlim slots, TimeSpan? timeout)
    {
        private RowError? _broken;

        public IChatClient Client => client;

        public string Model => model;

        public SemaphoreSlim Slots => slots;

        public TimeSpan? Timeout => timeout;

        /// <summary>The configuration error (bad key, unknown model) that put the member out of the run, if any.</summary>
        public RowError? Broken
        {
            get => Volatile.Read(ref _broken);
            set => Volatile.Write(ref _broken, value);
        }
    }

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
        CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>();
        if (systemPrompt is not null)
            messages.Add(new ChatMessage(ChatRole.System, systemPrompt));
        messages.Add(new ChatMessage(ChatRole.User, instruction));
        var calls = assignments.Select(async (member, g) =>
        {
            if (member.Broken is { } broken)
                return new Generated(member.Model, null, broken with { Generation = g });
            var answer = await run.Requests.AskAsync(index, member.Slots, member.Client, messages, chat, member.Timeout, abortOnConfiguration: !isolateMembers, cancellationToken).ConfigureAwait(false);
            var error = answer.Error is null ? null : answer.Error with { Step = step, Generation = g };
            if (error is { Category: LlmErrorCategory.Configuration })
            {
                member.Broken ??= error with { Detail = $"pool member '{member.Model}': {error.Detail}", Generation = null };
                if (assignments.Distinct().All(m => m.Broken is not null))
                    throw await run.Policy.TripAsync(index, $"every LLM of the pool failed; last: {error.Detail}", null).ConfigureAwait(false);
                error = member.Broken with { Generation = g };
            }

            return new Generated(member.Model, answer.Text, error);
        });
        return await Task.WhenAll(calls).ConfigureAwait(false);
    }
}
