namespace Distilabel.Testing.OpenAI;

/// <summary>How <see cref="FakeOpenAIBatchServer"/> answers one request line: a chat completion, or an HTTP error line.</summary>
/// <param name="Content">The assistant's text (status 200).</param>
/// <param name="Status">The line's <c>response.status_code</c>.</param>
/// <param name="ErrorMessage">The error body's message when <paramref name="Status"/> is not 200.</param>
public sealed record FakeBatchAnswer(string? Content, int Status = 200, string? ErrorMessage = null)
{
    /// <summary>A 200 answer with <paramref name="content"/>.</summary>
    public static FakeBatchAnswer Text(string content) => new(content);

    /// <summary>A failed request (e.g. 400 or 500) with <paramref name="message"/>.</summary>
    public static FakeBatchAnswer Failure(int status, string message) => new(null, status, message);
}
