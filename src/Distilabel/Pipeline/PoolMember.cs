using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>One LLM of an <see cref="LlmPool"/>.</summary>
/// <param name="Client">The LLM.</param>
/// <param name="Name">The name written to <c>generation_models</c>; default: the client's model id.</param>
/// <param name="Concurrency">Requests in flight to this member at once.</param>
/// <param name="Timeout">
/// The longest one generation may take, retries included, before it fails with "no answer within …" (a stalled member
/// holds back no row for longer); null for no bound beyond the client's own.
/// </param>
public sealed record PoolMember(IChatClient Client, string? Name = null, int Concurrency = 4, TimeSpan? Timeout = null);
