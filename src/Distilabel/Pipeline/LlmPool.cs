using Distilabel.Pipeline.Steps;

namespace Distilabel.Pipeline;

/// <summary>
/// Several LLMs that share a step's generations: with <c>n</c> generations per row and <c>k</c> members, each member
/// answers <c>n / k</c>, the remainder going to the first members. Each generation records its member's model; a member
/// that fails (even with a bad key) fails only its own generations; each member has its own concurrency and timeout.
/// </summary>
public sealed class LlmPool
{
    /// <summary>A pool of <paramref name="members"/> (at least one).</summary>
    public LlmPool(IEnumerable<PoolMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Members = members.ToArray();
        if (Members.Count == 0)
            throw new ArgumentException("an LLM pool needs at least one member", nameof(members));
        foreach (var member in Members)
        {
            ArgumentNullException.ThrowIfNull(member.Client, nameof(members));
            if (member.Concurrency is < 1 or > 4096)
                throw new ArgumentOutOfRangeException(nameof(members), member.Concurrency, $"pool member '{NameOf(member)}': concurrency must be between 1 and 4096");
            if (member.Timeout is { } timeout && timeout <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(members), timeout, $"pool member '{NameOf(member)}': the timeout must be positive");
        }

        var duplicate = Members.GroupBy(NameOf, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"two pool members are named '{duplicate.Key}'; give them distinct names", nameof(members));
    }

    /// <summary>A pool of the given members.</summary>
    public LlmPool(params PoolMember[] members)
        : this((IEnumerable<PoolMember>)members)
    {
    }

    /// <summary>The members, in order.</summary>
    public IReadOnlyList<PoolMember> Members { get; }

    /// <summary>How many of <paramref name="numGenerations"/> each member answers: n / k each, the remainder to the first ones.</summary>
    public IReadOnlyList<int> Share(int numGenerations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numGenerations, 1);
        var k = Members.Count;
        return Enumerable.Range(0, k).Select(m => numGenerations / k + (m < numGenerations % k ? 1 : 0)).ToArray();
    }

    /// <summary>The name a member's generations record.</summary>
    public static string NameOf(PoolMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return GenerationSettings.ModelName(member.Client, member.Name);
    }
}
