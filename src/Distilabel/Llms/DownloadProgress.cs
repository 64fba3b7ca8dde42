namespace Distilabel.Llms;

/// <summary>How far a model download has got.</summary>
/// <param name="FileName">The file being downloaded.</param>
/// <param name="BytesReceived">Bytes written so far.</param>
/// <param name="TotalBytes">The file size, when the server said.</param>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes)
{
    /// <summary>Done fraction in [0, 1], when the size is known.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Clamp((double)BytesReceived / total, 0, 1) : null;
}
