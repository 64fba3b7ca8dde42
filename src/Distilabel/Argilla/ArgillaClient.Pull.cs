using System.Net;
using System.Runtime.CompilerServices;
using Distilabel.Data;

namespace Distilabel.Argilla;

public sealed partial class ArgillaClient
{
    /// <summary>
    /// Reads dataset <paramref name="name"/> of <paramref name="workspace"/> back with every annotator's submitted
    /// answers (see <see cref="ArgillaPulledDataset"/> for the columns). The task is <see cref="ArgillaPullOptions.Task"/>,
    /// else the one the push recorded in the records' metadata. Records stream page by page.
    /// </summary>
    /// <exception cref="ArgillaException">No such dataset (404), no task, or the server refused a request.</exception>
    public async Task<ArgillaPulledDataset> PullAsync(string name, string workspace, ArgillaPullOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(workspace);
        var remote = await FindDatasetAsync(name, workspace, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgillaException($"Argilla has no dataset '{name}' in workspace '{workspace}'.", HttpStatusCode.NotFound, dataset: name, workspace: workspace);

        // The first record tells the task; it is read now and handed to the rows.
        var records = ReadRecordsAsync(remote, cancellationToken).GetAsyncEnumerator(cancellationToken);
        ArgillaRecord? first = null;
        try
        {
            if (await records.MoveNextAsync().ConfigureAwait(false))
                first = records.Current.Record;
        }
        catch
        {
            await records.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        LlmTaskDefinition task;
        try
        {
            task = ArgillaPulledRows.ResolveTask(options?.Task, first, name);
        }
        catch
        {
            await records.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ArgillaPulledDataset(task, RowsAsync(records, first, task));
    }

    private static async IAsyncEnumerable<Row> RowsAsync(IAsyncEnumerator<ArgillaRemoteRecord> records, ArgillaRecord? first, LlmTaskDefinition task, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using (records.ConfigureAwait(false))
        {
            if (first is null)
                yield break;
            yield return ArgillaPulledRows.ToRow(first, task);
            while (await records.MoveNextAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return ArgillaPulledRows.ToRow(records.Current.Record, task);
            }
        }
    }
}
