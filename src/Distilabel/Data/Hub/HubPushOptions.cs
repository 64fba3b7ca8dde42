namespace Distilabel.Data.Hub;

/// <summary>Options of <see cref="HubDatasets.PushAsync{TRow}"/>.</summary>
public sealed record HubPushOptions : HubOptions
{
    /// <summary>Whether a newly created repository is private. Default true (a dataset never becomes public by
    /// accident); an existing repository keeps its visibility.</summary>
    public bool Private { get; init; } = true;

    /// <summary>The commit summary. Default "Upload {split} split with Distilabel.NET".</summary>
    public string? CommitMessage { get; init; }

    /// <summary>The license id for the card's front matter (e.g. <c>cc-by-4.0</c>); none when null.</summary>
    public string? License { get; init; }

    /// <summary>How the data was made, for the card (see <see cref="RunFacts.ReadAsync"/>).</summary>
    public RunFacts? Facts { get; init; }

    /// <summary>How the Parquet file is written (schema, row group size).</summary>
    public DatasetWriteOptions? Parquet { get; init; }
}
