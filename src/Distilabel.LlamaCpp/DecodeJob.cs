namespace Distilabel.LlamaCpp;

/// <summary>
/// A request handed to the <see cref="BatchedDecoder"/>: it completes once, with the answer, the caller's
/// cancellation, or an error. Completing it early (cancellation) tells the decoder to drop it.
/// </summary>
internal sealed class DecodeJob(GenerationRequest request, Action<string>? onText, CancellationToken cancellationToken)
{
    // Continuations never run on the decoding thread.
    private readonly TaskCompletionSource<GenerationResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GenerationRequest Request { get; } = request;

    public Action<string>? OnText { get; } = onText;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<GenerationResult> Task => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Complete(GenerationResult result) => _completion.TrySetResult(result);

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
