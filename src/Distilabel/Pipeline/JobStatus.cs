namespace Distilabel.Pipeline;

/// <summary>How a job ended. The values are the command line's exit codes, so a front end can return them as they are.</summary>
public enum JobStatus
{
    /// <summary>Every row was labelled and the output written.</summary>
    Succeeded = 0,

    /// <summary>The output was written, but some rows carry an error (or unreadable input rows were skipped).</summary>
    RowsFailed = 1,

    /// <summary>Nothing was written: a bad option, input file, output path or LLM configuration (the job threw).</summary>
    Error = 2,

    /// <summary>Stopped before the end (drained or aborted): the output was not written; the journal keeps finished rows.</summary>
    Interrupted = 130,
}
