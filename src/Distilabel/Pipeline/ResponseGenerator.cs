using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>
/// A generator LLM of a pipeline (distilabel's <c>generator</c>): it answers each row's instruction
/// <see cref="NumGenerations"/> times before the labeller rates every answer. Several generators form a model pool.
/// </summary>
/// <param name="Client">The LLM.</param>
/// <param name="NumGenerations">Responses per row from this LLM.</param>
/// <param name="Name">The name written to <c>generation_models</c>; default: the client's model id.</param>
/// <param name="SystemPrompt">An optional system message for the generator.</param>
public sealed record ResponseGenerator(IChatClient Client, int NumGenerations = 1, string? Name = null, string? SystemPrompt = null);
