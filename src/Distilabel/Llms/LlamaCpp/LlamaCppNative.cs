using LLama.Native;

namespace Distilabel.Llms;

/// <summary>Process-wide llama.cpp settings.</summary>
internal static class LlamaCppNative
{
    private static int _configured;

    /// <summary>Keeps llama.cpp's load and timing chatter off stderr (done once, before the first model loads).</summary>
    public static void SilenceLogs()
    {
        if (Interlocked.Exchange(ref _configured, 1) != 0)
            return;
        try
        {
            NativeLogConfig.llama_log_set(static (_, _) => { });
        }
        catch (Exception)
        {
            // Logging is cosmetic: never fail a model load over it.
        }
    }
}
