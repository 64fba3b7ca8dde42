// The OpenAI SDK's batch client is experimental (OPENAI001); this file is the one place that uses it.
#pragma warning disable OPENAI001
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Distilabel.Llms;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

namespace Distilabel.Pipeline.Batch;

/// <summary>
/// The Files and Batches endpoints of OpenAI (or a server that implements them: Azure OpenAI, the tests' fake) through
/// the OpenAI SDK. The SDK's own retries are off: a retried upload could be stored twice; callers look up what the
/// server already has instead (<see cref="FindFileAsync"/>, <see cref="FindBatchAsync"/>).
/// </summary>
public sealed class BatchService
{
    private readonly OpenAIFileClient _files;
    private readonly BatchClient _batches;

    private BatchService(OpenAIClient client, string displayUrl, string? model)
    {
        _files = client.GetOpenAIFileClient();
        _batches = client.GetBatchClient();
        DisplayUrl = displayUrl;
        Model = model;
    }

    /// <summary>The server, for messages (never with a key).</summary>
    public string DisplayUrl { get; }

    /// <summary>The model every request names (null when the service only manages batches).</summary>
    public string? Model { get; }

    /// <summary>The service <paramref name="llm"/> describes: OpenAI (key from <c>OPENAI_API_KEY</c> or the variable it
    /// names) or an OpenAI-compatible server at its base URL.</summary>
    /// <exception cref="LlmConfigurationException">Another provider, a bad URL or a missing key.</exception>
    public static BatchService Create(LlmSettings llm)
    {
        ArgumentNullException.ThrowIfNull(llm);
        string baseUrl;
        string? keyVariable = llm.ApiKeyEnvironmentVariable;
        switch (llm.Provider)
        {
            case LlmProvider.OpenAI:
                baseUrl = llm.BaseUrl ?? OpenAIChatClients.OpenAIBaseUrl;
                keyVariable ??= OpenAIChatClients.OpenAIApiKeyVariable;
                break;
            case LlmProvider.OpenAICompatible:
                baseUrl = llm.BaseUrl ?? throw new LlmConfigurationException("An OpenAI-compatible server needs its base URL (--base-url) for batch labelling.");
                break;
            default:
                throw new LlmConfigurationException($"Batch labelling needs the OpenAI Batch API: use --llm openai or --llm openai-compatible (not {llm.Provider}).");
        }

        var endpoint = OpenAIChatClients.NormalizeBaseUrl(baseUrl);
        var displayUrl = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        string? key = null;
        if (keyVariable is not null)
        {
            key = Environment.GetEnvironmentVariable(keyVariable);
            if (string.IsNullOrWhiteSpace(key))
                throw new LlmConfigurationException($"No API key for {displayUrl}: set the environment variable {keyVariable}.");
        }

        var options = new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = NoRetryPolicy.Instance };
        return new BatchService(new OpenAIClient(new ApiKeyCredential(key ?? "no-key"), options), displayUrl, llm.Model);
    }

    /// <summary>Uploads a request file (<c>purpose=batch</c>); returns its id.</summary>
    public async Task<string> UploadAsync(string fileName, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        var file = await Call("upload the batch file", () => _files.UploadFileAsync(stream, fileName, FileUploadPurpose.Batch, cancellationToken)).ConfigureAwait(false);
        return file.Value.Id;
    }

    /// <summary>The id of an uploaded batch file named <paramref name="fileName"/>, if the server has one.</summary>
    public async Task<string?> FindFileAsync(string fileName, CancellationToken cancellationToken)
    {
        var files = await Call("list the batch files", () => _files.GetFilesAsync(FilePurpose.Batch, cancellationToken)).ConfigureAwait(false);
        return files.Value.FirstOrDefault(f => f.Filename == fileName)?.Id;
    }

    /// <summary>Creates a batch over an uploaded file, its metadata carrying <paramref name="metadata"/>.</summary>
    public async Task<BatchState> CreateAsync(string fileId, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var body = BinaryContent.Create(BinaryData.FromObjectAsJson(new Dictionary<string, object>
        {
            ["input_file_id"] = fileId,
            ["endpoint"] = BatchRequestFile.Endpoint,
            ["completion_window"] = "24h",
            ["metadata"] = metadata,
        }));
        var operation = await Call("create the batch", () => _batches.CreateBatchAsync(body, waitUntilCompleted: false, Options(cancellationToken))).ConfigureAwait(false);
        return Parse(operation.GetRawResponse().Content);
    }

    /// <summary>The batch whose metadata carries <paramref name="key"/> = <paramref name="value"/>, newest first, if any.</summary>
    public async Task<BatchState?> FindBatchAsync(string key, string value, CancellationToken cancellationToken)
    {
        return await Call("list the batches", async () =>
        {
            await foreach (var batch in ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (batch.Metadata.TryGetValue(key, out var found) && found == value)
                    return batch;
            }

            return null;
        }).ConfigureAwait(false);
    }

    /// <summary>Every batch of the account, newest first (every page).</summary>
    public async IAsyncEnumerable<BatchState> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in _batches.GetBatchesAsync(after: null, limit: 100, Options(cancellationToken)).GetRawPagesAsync().ConfigureAwait(false))
        {
            using var document = JsonDocument.Parse(page.GetRawResponse().Content);
            foreach (var batch in document.RootElement.GetProperty("data").EnumerateArray())
                yield return BatchState.Parse(batch);
        }
    }

    /// <summary>The batch as the server describes it now.</summary>
    public async Task<BatchState> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        var result = await Call($"read batch {batchId}", () => _batches.GetBatchAsync(batchId, Options(cancellationToken))).ConfigureAwait(false);
        return Parse(result.GetRawResponse().Content);
    }

    /// <summary>Asks the server to cancel a batch; returns it as it is then (usually <c>cancelling</c>).</summary>
    public async Task<BatchState> CancelAsync(string batchId, CancellationToken cancellationToken)
    {
        var operation = await Call($"find batch {batchId}", () => CreateBatchOperation.RehydrateAsync(_batches, batchId, cancellationToken)).ConfigureAwait(false);
        var result = await Call($"cancel batch {batchId}", () => operation.CancelAsync(Options(cancellationToken))).ConfigureAwait(false);
        return Parse(result.GetRawResponse().Content);
    }

    /// <summary>A file's content (an output or error file).</summary>
    public async Task<BinaryData> DownloadAsync(string fileId, CancellationToken cancellationToken)
    {
        var result = await Call($"download file {fileId}", () => _files.DownloadFileAsync(fileId, cancellationToken)).ConfigureAwait(false);
        return result.Value;
    }

    /// <summary>Deletes a file; false when the server has no such file (deleted before).</summary>
    public async Task<bool> DeleteFileAsync(string fileId, CancellationToken cancellationToken)
    {
        try
        {
            await Call($"delete file {fileId}", () => _files.DeleteFileAsync(fileId, cancellationToken)).ConfigureAwait(false);
            return true;
        }
        catch (BatchServiceException e) when (e.InnerException is ClientResultException { Status: 404 })
        {
            return false;
        }
    }

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private static BatchState Parse(BinaryData content)
    {
        using var document = JsonDocument.Parse(content);
        return BatchState.Parse(document.RootElement);
    }

    private async Task<T> Call<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ClientResultException e)
        {
            var error = LlmErrors.Classify(e);
            throw new BatchServiceException($"cannot {what} at {DisplayUrl}: {error.Reason}", error, e);
        }
        catch (HttpRequestException e)
        {
            var error = LlmErrors.Classify(e);
            throw new BatchServiceException($"cannot {what} at {DisplayUrl}: {error.Reason}", error, e);
        }
    }
}
