namespace Distilabel.Pipeline.Journal;

/// <summary>
/// A run journal cannot be used: it is in use, damaged, not a journal, or unwritable. The message says what is wrong;
/// <see cref="Problem"/> and <see cref="CanStartOver"/> say what a front end can advise (another journal, or starting over).
/// </summary>
public class RunJournalException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RunJournalException(string path, RunJournalProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        JournalPath = path;
        Problem = problem;
    }

    /// <summary>The journal file.</summary>
    public string JournalPath { get; }

    /// <summary>Why the journal cannot be used.</summary>
    public RunJournalProblem Problem { get; }

    /// <summary>Whether deleting the journal and starting over (<see cref="RunJournalOptions.Fresh"/>) gets past the problem.</summary>
    public bool CanStartOver => Problem is RunJournalProblem.Damaged or RunJournalProblem.OtherVersion or RunJournalProblem.Mismatch;
}

/// <summary>
/// The journal was made by a run with another task prompt, model or generation options: its answers must not be
/// mixed with this run's. The message names what differs; <see cref="RunKey.DifferencesFrom"/> lists it.
/// </summary>
public sealed class RunJournalMismatchException : RunJournalException
{
    /// <summary>Creates the exception.</summary>
    public RunJournalMismatchException(string path, RunKey journalKey, RunKey runKey)
        : base(path, RunJournalProblem.Mismatch, Describe(path, journalKey, runKey))
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
        return $"the journal at {path} was made with a different prompt/model/options{what}; its answers are not reused";
    }
}
