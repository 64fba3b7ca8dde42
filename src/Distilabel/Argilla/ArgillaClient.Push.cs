using System.Diagnostics;
using System.Net;
using Distilabel.Rendering;

namespace Distilabel.Argilla;

public sealed partial class ArgillaClient
{
    /// <summary>
    /// Pushes <paramref name="dataset"/> as <paramref name="name"/> into <paramref name="workspace"/>: checks the key,
    /// finds the workspace, creates and publishes the dataset (or, with <see cref="ArgillaIfExists.Update"/>, checks that
    /// the existing one has the same fields and questions), then upserts the records in batches of <see cref="BatchSize"/>
    /// as they stream in. Returns what a notebook shows (<see cref="ArgillaPushSummary"/>).
    /// </summary>
    /// <exception cref="ArgillaException">The dataset exists (status 409, with <see cref="ArgillaIfExists.Fail"/>), differs
    /// from the task, or the server refused a request.</exception>
    public async Task<ArgillaPushSummary> PushAsync(ArgillaDataset dataset, string name, string workspace, ArgillaPushOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        options ??= new ArgillaPushOptions();

        await GetMeAsync(cancellationToken).ConfigureAwait(false);
        var ws = await GetWorkspaceAsync(workspace, cancellationToken).ConfigureAwait(false);
        var remote = await FindDatasetAsync(name, ws, cancellationToken).ConfigureAwait(false);
        if (remote is not null && options.IfExists == ArgillaIfExists.Fail)
            throw new ArgillaException($"Argilla dataset '{name}' already exists in workspace '{workspace}'.", HttpStatusCode.Conflict, dataset: name, workspace: workspace);
        if (remote is not null)
            CheckMatches(remote, dataset.Settings);
        remote ??= await CreateDatasetAsync(name, ws, dataset.Settings, cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var sent = 0L;
        var batch = new List<ArgillaRecord>(BatchSize);
        await foreach (var record in dataset.Records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(record);
            if (batch.Count == BatchSize)
                sent = await SendBatchAsync(remote, batch, sent, clock, options.Progress, cancellationToken).ConfigureAwait(false);
        }

        if (batch.Count > 0)
            sent = await SendBatchAsync(remote, batch, sent, clock, options.Progress, cancellationToken).ConfigureAwait(false);
        return new ArgillaPushSummary(name, workspace, DatasetUrl(remote), sent, 0);
    }

    /// <summary>Where annotators open the dataset in the Argilla UI.</summary>
    public string DatasetUrl(ArgillaRemoteDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new Uri(ApiUrl, $"dataset/{dataset.Id}/annotation-mode").ToString();
    }

    private async Task<long> SendBatchAsync(ArgillaRemoteDataset remote, List<ArgillaRecord> batch, long sent, Stopwatch clock, IProgress<ArgillaPushProgress>? progress, CancellationToken cancellationToken)
    {
        var body = ArgillaRecordJson.Bulk(remote, batch);
        (await SendAsync(HttpMethod.Put, $"datasets/{remote.Id}/records/bulk", body, $"sending records {sent + 1}–{sent + batch.Count}", new ErrorContext(remote.Name, remote.Workspace.Name), cancellationToken).ConfigureAwait(false)).Dispose();
        sent += batch.Count;
        batch.Clear();
        progress?.Report(new ArgillaPushProgress(sent, clock.Elapsed));
        return sent;
    }

    /// <summary>An existing dataset must have the task's fields and questions (same names, kinds and rating values).</summary>
    private static void CheckMatches(ArgillaRemoteDataset remote, ArgillaDatasetSettings settings)
    {
        var problems = new List<string>();
        foreach (var field in settings.Fields)
        {
            if (remote.Fields.All(f => f.Name != field.Name))
                problems.Add($"it has no field '{field.Name}'");
        }

        foreach (var question in settings.Questions)
        {
            var existing = remote.Question(question.Name);
            if (existing is null)
            {
                problems.Add($"it has no question '{question.Name}'");
                continue;
            }

            switch (question)
            {
                case ArgillaRatingQuestion rating when existing.Type != "rating":
                    problems.Add($"its question '{question.Name}' is a {existing.Type} question, not a rating");
                    break;
                case ArgillaRatingQuestion rating when !rating.Values.SequenceEqual(existing.RatingValues):
                    problems.Add($"its question '{question.Name}' has the values {string.Join(",", existing.RatingValues)}, not {string.Join(",", rating.Values)}");
                    break;
                case ArgillaTextQuestion when existing.Type != "text":
                    problems.Add($"its question '{question.Name}' is a {existing.Type} question, not a text question");
                    break;
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgillaException(
                $"Argilla dataset '{remote.Name}' in workspace '{remote.Workspace.Name}' does not match the task: {string.Join("; ", problems)}. Push under another name.",
                dataset: remote.Name,
                workspace: remote.Workspace.Name);
        }
    }
}
