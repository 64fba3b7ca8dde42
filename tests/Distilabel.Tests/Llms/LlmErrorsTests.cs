using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Distilabel.Llms;

namespace Distilabel.Tests.Llms;

public class LlmErrorsTests
{
    [Theory]
    [InlineData(408, LlmErrorCategory.Transient)]
    [InlineData(429, LlmErrorCategory.Transient)]
    [InlineData(500, LlmErrorCategory.Transient)]
    [InlineData(502, LlmErrorCategory.Transient)]
    [InlineData(503, LlmErrorCategory.Transient)]
    [InlineData(504, LlmErrorCategory.Transient)]
    [InlineData(401, LlmErrorCategory.Configuration)]
    [InlineData(403, LlmErrorCategory.Configuration)]
    [InlineData(404, LlmErrorCategory.Configuration)]
    [InlineData(400, LlmErrorCategory.Rejected)]
    [InlineData(422, LlmErrorCategory.Rejected)]
    public void Http_statuses_map_to_categories(int status, LlmErrorCategory expected)
    {
        Assert.Equal(expected, LlmErrors.CategorizeStatus(status));
        var error = LlmErrors.Classify(new HttpRequestException("failed", null, (HttpStatusCode)status));
        Assert.Equal(expected, error.Category);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(status.ToString(), error.Reason);
    }

    [Fact]
    public void Retry_after_reads_seconds_and_http_dates()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(2), LlmErrors.ParseRetryAfter("2", now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), LlmErrors.ParseRetryAfter(" 1.5 ", now));
        Assert.Equal(TimeSpan.FromSeconds(30), LlmErrors.ParseRetryAfter(now.AddSeconds(30).ToString("r"), now));
        Assert.Equal(TimeSpan.Zero, LlmErrors.ParseRetryAfter(now.AddSeconds(-30).ToString("r"), now));
        Assert.Null(LlmErrors.ParseRetryAfter("soon", now));
        Assert.Null(LlmErrors.ParseRetryAfter(null, now));
    }

    [Fact]
    public void Connection_refused_and_unknown_hosts_are_configuration_errors()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(LlmErrorCategory.Configuration, LlmErrors.Classify(refused).Category);
        Assert.Contains("refused", LlmErrors.Classify(refused).Reason);

        var dns = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known");
        Assert.Equal(LlmErrorCategory.Configuration, LlmErrors.Classify(dns).Category);
    }

    [Fact]
    public void Dropped_connections_truncated_answers_and_timeouts_are_transient()
    {
        Assert.True(LlmErrors.IsTransient(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.True(LlmErrors.IsTransient(new IOException("reset", new SocketException((int)SocketError.ConnectionReset))));
        Assert.True(LlmErrors.IsTransient(new JsonException("unexpected end")));
        Assert.True(LlmErrors.IsTransient(new LlmTimeoutException(TimeSpan.FromSeconds(3))));
        Assert.True(LlmErrors.IsTransient(new TaskCanceledException("timeout", new TimeoutException())));
    }

    [Fact]
    public void Own_exceptions_keep_their_meaning()
    {
        Assert.Equal(LlmErrorCategory.Configuration, LlmErrors.Classify(new LlmConfigurationException("bad key", 401)).Category);
        Assert.Equal(LlmErrorCategory.Content, LlmErrors.Classify(new LlmContentException("no choices")).Category);
        Assert.Equal(LlmErrorCategory.Rejected, LlmErrors.Classify(new ArgumentException("prompt too long")).Category);
    }

    [Fact]
    public void Reasons_never_contain_keys_or_tokens()
    {
        var error = LlmErrors.Classify(new InvalidOperationException("Incorrect API key provided: sk-test-SECRET-123; header Bearer hf_abcdefghij"));
        Assert.DoesNotContain("sk-test-SECRET-123", error.Reason);
        Assert.DoesNotContain("hf_abcdefghij", error.Reason);
        Assert.Contains("***", error.Reason);
    }
}
