namespace Distilabel.Argilla;

/// <summary>Options of <see cref="ArgillaClient.PullAsync"/>.</summary>
public sealed record ArgillaPullOptions
{
    /// <summary>The task whose scale the ratings are shifted back onto. Default: the task named in the records'
    /// metadata (<see cref="ArgillaDatasetExtensions.TaskMetadataKey"/>, written by the push), found in <see cref="LlmTaskRegistry"/>.</summary>
    public LlmTaskDefinition? Task { get; init; }
}
