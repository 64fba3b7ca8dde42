namespace Distilabel.Storage;

/// <summary>What went wrong with an SQLite store's file, in terms both stores (the run journal, the response cache) report.</summary>
internal enum SqliteFileProblem
{
    /// <summary>The path is malformed, or names a folder.</summary>
    BadPath,

    /// <summary>Another connection holds the file (busy or locked).</summary>
    InUse,

    /// <summary>The file is damaged or not an SQLite database.</summary>
    Damaged,

    /// <summary>The file or its folder cannot be created or written.</summary>
    Unwritable,

    /// <summary>Any other SQLite error.</summary>
    Other,
}
