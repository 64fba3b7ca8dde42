using Distilabel.Llms;

namespace Distilabel.Pipeline;

/// <summary>What a front end sees of a running job: progress, model downloads and warnings. Every member is optional.</summary>
public sealed class JobHooks
{
    /// <summary>Called once the steps are built and before the first row, with the job's title (e.g. "Labelling x.jsonl with helpsteer on judge").</summary>
    public Action<string>? Started { get; init; }

    /// <summary>Progress of the rows, after each finished row.</summary>
    public IProgress<PipelineProgress>? Progress { get; init; }

    /// <summary>Progress of a model download (llama.cpp without a model file).</summary>
    public IProgress<DownloadProgress>? Download { get; init; }

    /// <summary>Something the user should know that does not stop the job (e.g. the response cache could not be opened).</summary>
    public Action<string>? Warning { get; init; }
}
