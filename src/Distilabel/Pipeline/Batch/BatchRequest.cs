namespace Distilabel.Pipeline.Batch;

/// <summary>One row's request in a batch.</summary>
/// <param name="CustomId">The request's <c>custom_id</c>: a stable row key (<see cref="RowKey"/>).</param>
/// <param name="Index">The row's index in the input.</param>
/// <param name="RequestHash">The hash of <paramref name="Body"/>, which matches the answer to the step's request.</param>
/// <param name="Body">The <c>/v1/chat/completions</c> body, UTF-8 JSON.</param>
internal sealed record BatchRequest(string CustomId, long Index, string RequestHash, byte[] Body)
{
    /// <summary>The row key used as <c>custom_id</c>: the row's index and the start of its input's fingerprint, so an
    /// answer never lands on a row whose input changed since.</summary>
    public static string RowKey(long index, ReadOnlySpan<byte> fingerprint)
        => $"row-{index}-{Convert.ToHexStringLower(fingerprint[..Math.Min(6, fingerprint.Length)])}";
}
