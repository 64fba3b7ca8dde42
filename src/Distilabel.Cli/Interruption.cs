using System.Runtime.InteropServices;

namespace Distilabel.Cli;

/// <summary>
/// Two-stage Ctrl-C (and SIGTERM): the first stops reading rows and lets requests in flight finish;
/// the second cancels them at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private readonly Action<string> _say;

    public Interruption(Action<string> say)
    {
        _say = say;
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Drain => _drain.Token;

    public CancellationToken Abort => _abort.Token;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _drain.Dispose();
        _abort.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_drain.IsCancellationRequested)
        {
            _say("Interrupted: finishing the requests in flight (press Ctrl-C again to stop at once)…");
            _drain.Cancel();
        }
        else
        {
            _say("Stopping now.");
            _abort.Cancel();
        }
    }
}
