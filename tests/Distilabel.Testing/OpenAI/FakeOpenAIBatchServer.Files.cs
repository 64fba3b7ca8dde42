using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Distilabel.Testing.OpenAI;

public sealed partial class FakeOpenAIBatchServer
{
    private async Task<IResult> UploadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
            return Error(400, "Expected multipart/form-data.");

        // Batch files reach 200 MB: lift Kestrel's 30 MB body limit and the form reader's 128 MB part limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = 600_000_000;
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = 600_000_000 }));
        var form = await request.ReadFormAsync().ConfigureAwait(false);
        var file = form.Files.GetFile("file");
        var purpose = form["purpose"].ToString();
        if (file is null)
            return Error(400, "Missing required parameter: 'file'.", param: "file");
        if (string.IsNullOrEmpty(purpose))
            return Error(400, "Missing required parameter: 'purpose'.", param: "purpose");
        if (purpose == "batch" && file.Length > 200_000_000)
            return Error(400, "File is too large for purpose batch (200 MB at most).", param: "file");

        using var content = new MemoryStream();
        await file.CopyToAsync(content).ConfigureAwait(false);
        FakeFile stored;
        bool fail;
        lock (_gate)
        {
            stored = new FakeFile(NewId("file-"), file.FileName, purpose, content.ToArray(), Now());
            _files[stored.Id] = stored;
            Uploads++;
            fail = FailAfterNextUpload;
            FailAfterNextUpload = false;
        }

        return fail ? Error(500, "The server had an error after storing the file.", "server_error") : Results.Json(stored.ToJson());
    }

    private IResult ListFiles(HttpRequest request)
    {
        var purpose = request.Query["purpose"].ToString();
        lock (_gate)
        {
            var data = _files.Values.Where(f => purpose.Length == 0 || f.Purpose == purpose).OrderByDescending(f => f.CreatedAt).Select(f => f.ToJson()).ToList();
            return Results.Json(new { @object = "list", data, has_more = false });
        }
    }

    private IResult GetFile(string id)
    {
        lock (_gate)
            return _files.TryGetValue(id, out var file) ? Results.Json(file.ToJson()) : Error(404, $"No such File object: {id}", param: "id", code: "not_found");
    }

    private IResult Download(string id)
    {
        lock (_gate)
        {
            if (FailNextDownload)
            {
                FailNextDownload = false;
                return Error(500, "The server had an error while sending the file.", "server_error");
            }

            return _files.TryGetValue(id, out var file) ? Results.Bytes(file.Content, "application/octet-stream") : Error(404, $"No such File object: {id}", param: "id", code: "not_found");
        }
    }

    private IResult DeleteFile(string id)
    {
        lock (_gate)
            return _files.Remove(id) ? Results.Json(new { id, @object = "file", deleted = true }) : Error(404, $"No such File object: {id}", param: "id", code: "not_found");
    }
}
