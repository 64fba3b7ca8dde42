using Distilabel.Testing;

namespace Distilabel.Tests.Llms;

/// <summary>A fact that needs ../shared/models/stories260K.gguf; skipped with a clear message when it is absent.</summary>
public sealed class RequiresTinyModelFactAttribute : FactAttribute
{
    public RequiresTinyModelFactAttribute()
    {
        if (SharedFiles.TinyModelPath is null)
            Skip = SharedFiles.TinyModelMissing;
    }
}
