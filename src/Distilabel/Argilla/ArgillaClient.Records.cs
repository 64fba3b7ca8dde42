using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Distilabel.Argilla;

public sealed partial class ArgillaClient
{
    private const int PageSize = 1000;

    /// <summary>
    /// Creates or updates records (<c>PUT /api/v1/datasets/{id}/records/bulk</c>, matched by external id), in requests
    /// of at most <see cref="BatchSize"/> records. Suggestions name their question; their values are on Argilla's scale.
    /// </summary>
    public async Task UpsertRecordsAsync(ArgillaRemoteDataset dataset, IReadOnlyList<ArgillaRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(records);
        for (var start = 0; start < records.Count; start += BatchSize)
        {
            var batch = records.Skip(start).Take(BatchSize).ToList();
            var body = ArgillaRecordJson.Bulk(dataset, batch);
            (await SendAsync(HttpMethod.Put, $"datasets/{dataset.Id}/records/bulk", body, $"sending records {start + 1}–{start + batch.Count}", new ErrorContext(dataset.Name, dataset.Workspace.Name), cancellationToken).ConfigureAwait(false)).Dispose();
        }
    }

    /// <summary>Every record of <paramref name="dataset"/> with its suggestions and submitted responses, page by page.</summary>
    public async IAsyncEnumerable<ArgillaRemoteRecord> ReadRecordsAsync(ArgillaRemoteDataset dataset, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var context = new ErrorContext(dataset.Name, dataset.Workspace.Name);
        for (var offset = 0L; ; offset += PageSize)
        {
            List<ArgillaRemoteRecord> page;
            long total;
            using (var json = await SendAsync(HttpMethod.Get, $"datasets/{dataset.Id}/records?offset={offset}&limit={PageSize}&include=responses&include=suggestions", null, "reading records", context, cancellationToken).ConfigureAwait(false))
            {
                page = Items(json).Select(r => ArgillaRecordJson.ReadRemote(r, dataset)).ToList();
                total = json.RootElement.TryGetProperty("total", out var t) && t.TryGetInt64(out var n) ? n : offset + page.Count;
            }

            foreach (var record in page)
                yield return record;
            if (page.Count < PageSize || offset + page.Count >= total)
                yield break;
        }
    }

    /// <summary>
    /// Submits this key's user's answer to a record (<c>POST /api/v1/records/{id}/responses</c>), as the Argilla UI does when
    /// a reviewer presses Submit. <paramref name="values"/> maps question names to values on Argilla's scale.
    /// </summary>
    public async Task SubmitResponseAsync(Guid recordId, IReadOnlyDictionary<string, object> values, string status = "submitted", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var body = Json(w =>
        {
            w.WriteStartObject("values");
            foreach (var (question, value) in values)
            {
                w.WriteStartObject(question);
                w.WritePropertyName("value");
                ArgillaRecordJson.WriteValue(w, value);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteString("status", status);
        });
        (await SendAsync(HttpMethod.Post, $"records/{recordId}/responses", body, $"submitting a response to record {recordId}", ErrorContext.None, cancellationToken).ConfigureAwait(false)).Dispose();
    }
}
