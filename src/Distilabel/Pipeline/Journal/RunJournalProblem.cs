namespace Distilabel.Pipeline.Journal;

/// <summary>Why a run journal cannot be used; a front end turns it into advice (the command line names its flags).</summary>
public enum RunJournalProblem
{
    /// <summary>The path cannot be used (a folder, a bad name, an unexpected SQLite error).</summary>
    Unusable,

    /// <summary>Another run holds the journal.</summary>
    InUse,

    /// <summary>The file is damaged, or not an SQLite database at all.</summary>
    Damaged,

    /// <summary>The file is an SQLite database of something else: it is never deleted to start over.</summary>
    NotAJournal,

    /// <summary>The journal was written by another version of the format.</summary>
    OtherVersion,

    /// <summary>The journal cannot be created or written (permissions, a read-only disk).</summary>
    Unwritable,

    /// <summary>The journal was made with another task prompt, model or options (<see cref="RunJournalMismatchException"/>).</summary>
    Mismatch,

    /// <summary>A job asked to resume (<see cref="LabelJobOptions.Resume"/>) and there is no journal.</summary>
    Missing,
}
