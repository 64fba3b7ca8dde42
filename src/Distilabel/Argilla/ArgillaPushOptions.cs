namespace Distilabel.Argilla;

/// <summary>What a push does when the dataset already exists.</summary>
public enum ArgillaIfExists
{
    /// <summary>Stop with an <see cref="ArgillaException"/> (status 409) naming the dataset and workspace.</summary>
    Fail,

    /// <summary>Check that its fields and questions match, then create or update records by external id.</summary>
    Update,
}

/// <summary>Options of <see cref="ArgillaClient.PushAsync"/>.</summary>
public sealed record ArgillaPushOptions
{
    /// <summary>What to do when the dataset exists (default: fail).</summary>
    public ArgillaIfExists IfExists { get; init; } = ArgillaIfExists.Fail;

    /// <summary>Told after each batch the server accepted.</summary>
    public IProgress<ArgillaPushProgress>? Progress { get; init; }
}

/// <summary>How far a push is.</summary>
/// <param name="RecordsSent">Records the server accepted so far.</param>
/// <param name="Elapsed">Time since the first batch was built.</param>
public sealed record ArgillaPushProgress(long RecordsSent, TimeSpan Elapsed)
{
    /// <summary>Records per second so far.</summary>
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? RecordsSent / Elapsed.TotalSeconds : 0;
}
