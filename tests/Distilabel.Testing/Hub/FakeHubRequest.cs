namespace Distilabel.Testing.Hub;

/// <summary>One request the <see cref="FakeHub"/> received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Target">The raw request target (path and query, not decoded).</param>
/// <param name="Host">The Host header (tells loopback names apart: 127.0.0.1 vs localhost).</param>
/// <param name="Authorization">The Authorization header, or null.</param>
/// <param name="IfNoneMatch">The If-None-Match header, or null.</param>
/// <param name="Status">The status code answered.</param>
public sealed record FakeHubRequest(string Method, string Target, string Host, string? Authorization, string? IfNoneMatch, int Status);
