namespace Distilabel.Pipeline.Journal;

/// <summary>What a label job does with its run journal once every row is labelled without error.</summary>
public enum JournalAfterSuccess
{
    /// <summary>Keep it (the default): running the same job again reuses every row and asks the LLM nothing.</summary>
    Keep,

    /// <summary>Delete it (and its SQLite side files): the output holds everything, the journal's disk space comes back.
    /// A run that was interrupted, or left rows with an error, keeps its journal whatever this says.</summary>
    Delete,
}
