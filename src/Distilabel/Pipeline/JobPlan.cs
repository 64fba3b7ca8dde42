using Distilabel.Data;
using Distilabel.Llms;
using Microsoft.Extensions.AI;

namespace Distilabel.Pipeline;

/// <summary>Creates an LLM for a job's steps; the job's factory adds counted retries and the response cache.</summary>
public delegate Task<IChatClient> LlmFactory(LlmSettings settings, CancellationToken cancellationToken);

/// <summary>What a job runs: its steps, its title, where failed rows keep their errors, and the facts recorded in the output.</summary>
/// <param name="Flow">The steps.</param>
/// <param name="Title">A one-line title for progress displays.</param>
/// <param name="ErrorColumns">Where failed rows keep their error, in words (e.g. "labelling_error column").</param>
public sealed record JobPlan(Flow Flow, string Title, string ErrorColumns)
{
    /// <summary>How the data is made, recorded with the output (see <see cref="RunFacts"/>).</summary>
    public RunFacts? Facts { get; init; }
}
