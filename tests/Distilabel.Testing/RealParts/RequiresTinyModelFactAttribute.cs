namespace Distilabel.Testing;

/// <summary>A fact that needs the tiny llama.cpp model (../shared/models/stories260K.gguf): skipped when absent, failed in CI.</summary>
public sealed class RequiresTinyModelFactAttribute() : RealPartFactAttribute(SharedFiles.TinyModelMissing);
