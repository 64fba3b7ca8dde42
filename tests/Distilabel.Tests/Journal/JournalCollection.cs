namespace Distilabel.Tests.Journal;

/// <summary>
/// The journal and cache tests touch the disk and block on SQLite locks: they run alone, after the parallel tests,
/// so they never slow down timing-sensitive pipeline tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JournalCollection
{
    public const string Name = "Run journal and response cache";
}
