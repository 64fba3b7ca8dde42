namespace Distilabel.Argilla;

/// <summary>
/// A dataset ready to go to Argilla: its settings (fields, questions, guidelines) and its records, streamed once.
/// Made from labelled rows with <see cref="ArgillaDatasetExtensions.ToArgilla(IAsyncEnumerable{IReadOnlyDictionary{string, object?}}, LlmTaskDefinition)"/>,
/// sent with <see cref="ArgillaClient.PushAsync"/>.
/// </summary>
/// <param name="Settings">Fields, questions and guidelines.</param>
/// <param name="Records">The records (enumerated once, as they are sent).</param>
/// <param name="TaskName">The task that labelled the rows, if known.</param>
public sealed record ArgillaDataset(ArgillaDatasetSettings Settings, IAsyncEnumerable<ArgillaRecord> Records, string? TaskName = null);
