using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Distilabel.Testing.OpenAI;

/// <summary>
/// A Kestrel minimal-API server bound to <c>http://127.0.0.1:0</c> (loopback only, a free port), for tests that need
/// real HTTP. <see cref="Origin"/> is its <c>http://127.0.0.1:PORT</c>.
/// </summary>
public sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebServer(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>The server's origin, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri Origin { get; }

    /// <summary>Starts a server whose routes <paramref name="map"/> declares.</summary>
    public static async Task<LoopbackWebServer> StartAsync(Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        var origin = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        if (!IPAddress.TryParse(origin.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The test server must listen on loopback only, not {address}.");
        }

        return new LoopbackWebServer(app, new Uri(origin.GetLeftPart(UriPartial.Authority)));
    }

    /// <summary>A free loopback port nobody listens on (for "connection refused" tests).</summary>
    public static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
