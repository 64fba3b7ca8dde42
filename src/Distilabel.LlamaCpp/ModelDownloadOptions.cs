namespace Distilabel.LlamaCpp;

/// <summary>Which GGUF file <see cref="LlamaCppModels.ResolveAsync(string?, ModelDownloadOptions, IProgress{DownloadProgress}?, CancellationToken)"/> downloads, from where, and where it keeps it.</summary>
public sealed class ModelDownloadOptions
{
    /// <summary>The Hub model repository (default <see cref="LlamaCppModels.DefaultRepository"/>).</summary>
    public string Repository { get; set; } = LlamaCppModels.DefaultRepository;

    /// <summary>The file inside the repository (default <see cref="LlamaCppModels.DefaultFileName"/>).</summary>
    public string FileName { get; set; } = LlamaCppModels.DefaultFileName;

    /// <summary>The branch, tag or commit (default <c>main</c>).</summary>
    public string Revision { get; set; } = "main";

    /// <summary>The Hub's base URL (default: <c>HF_ENDPOINT</c>, else <c>https://huggingface.co</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Where models are kept (default <see cref="LlamaCppModels.DefaultCacheDirectory"/>).</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>A Hugging Face token for gated or private repositories (default: <c>HF_TOKEN</c>). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>The HTTP client to use (default: a new one per download). It should follow redirects.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Repository}/{FileName}@{Revision}";
}
