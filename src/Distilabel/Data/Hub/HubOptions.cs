namespace Distilabel.Data.Hub;

/// <summary>How to reach the Hugging Face Hub and which dataset files to read.</summary>
public record HubOptions
{
    /// <summary>The default Hub address.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>The Hub base URL. Default: the <c>HF_ENDPOINT</c> environment variable, else https://huggingface.co.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The access token, sent as <c>Authorization: Bearer</c> to the Hub's own host only (never to a CDN
    /// it redirects to) and never written to messages. Default: <c>HF_TOKEN</c> (or the legacy
    /// <c>HUGGING_FACE_HUB_TOKEN</c>), else the token file (<c>HF_TOKEN_PATH</c>, else <c>$HF_HOME/token</c>,
    /// else <c>~/.cache/huggingface/token</c>). The empty string means: anonymous.</summary>
    public string? Token { get; init; }

    /// <summary>The git revision (branch, tag or commit) to read. Default <c>main</c>, which reads the Hub's Parquet
    /// conversion (<c>refs/convert/parquet</c>) when it exists, else the repository's own Parquet files. Any other
    /// revision reads the repository's own Parquet files at that revision.</summary>
    public string? Revision { get; init; }

    /// <summary>The dataset configuration (subset). Default: <c>default</c>, or the only one there is.</summary>
    public string? Config { get; init; }

    /// <summary>Read only these columns (Parquet projection), e.g. to leave out unsupported struct columns.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>A folder where downloaded Parquet files are kept and revalidated with their ETag on the next load.
    /// Default null: files go to the temp folder and are deleted once read.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>A custom HTTP handler (proxies, tests). It must not follow redirects itself: the client does, so
    /// that the token is only sent to the Hub's host.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>Timeout of each HTTP request. Default 5 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}
