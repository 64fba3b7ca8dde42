namespace Distilabel.Pipeline.Journal;

/// <summary>
/// Makes a row queued by <see cref="IRowJournal.Defer"/> durable; the task completes once it is.
/// </summary>
/// <param name="gather">
/// How many queued rows are worth waiting for, a few milliseconds at most, so that they share one transaction: a step
/// passes how many finished rows its reorder window can hold without starving its requests. 0 (the default) commits now.
/// </param>
public delegate ValueTask MakeDurable(int gather = 0);
