namespace Distilabel.Cli;

/// <summary>What the process exit code says.</summary>
internal static class ExitCodes
{
    /// <summary>Every row was labelled.</summary>
    public const int Success = 0;

    /// <summary>The run finished, but some rows carry an error.</summary>
    public const int RowsFailed = 1;

    /// <summary>Bad option, bad input file, unwritable output, or an LLM configuration error: nothing was labelled or written.</summary>
    public const int Error = 2;

    /// <summary>Interrupted (Ctrl-C): no output written.</summary>
    public const int Interrupted = 130;
}
