namespace Distilabel.Pipeline.Journal;

/// <summary>A run journal cannot be used: it is in use, damaged, not a journal, or unwritable. The message says what to do.</summary>
public class RunJournalException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RunJournalException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        JournalPath = path;
    }

    /// <summary>The journal file.</summary>
    public string JournalPath { get; }
}

/// <summary>
/// The journal was made by a run with another task prompt, model or generation options: its answers must not be
/// mixed with this run's. The message names what differs and how to go on (<c>--journal</c> or <c>--fresh</c>).
/// </summary>
public sealed class RunJournalMismatchException : RunJournalException
{
    /// <summary>Creates the exception.</summary>
    public RunJournalMismatchException(string path, RunKey journalKey, RunKey runKey)
        : base(path, Describe(path, journalKey, runKey))
    {
        JournalKey = journalKey;
        RunKey = runKey;
    }

    /// <summary>The key the journal was made with.</summary>
    public RunKey JournalKey { get; }

    /// <summary>The key of the run that tried to use it.</summary>
    public RunKey RunKey { get; }

    private static string Describe(string path, RunKey journalKey, RunKey runKey)
    {
        var differences = runKey.DifferencesFrom(journalKey);
        var what = differences.Count == 0 ? "" : $" ({string.Join("; ", differences)})";
        return $"the journal at {path} was made with a different prompt/model/options{what}; its answers are not reused. "
            + "Use --journal to choose another or --fresh to start over.";
    }
}
