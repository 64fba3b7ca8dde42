using LLama.Sampling;

namespace Distilabel.LlamaCpp;

/// <summary>LLamaSharp's sampler defaults, for the settings a request leaves unset (its sampler properties are init-only).</summary>
internal static class SamplerDefaults
{
    private static readonly (float TopP, int TopK, float FrequencyPenalty, float PresencePenalty) Values = Read();

    public static float TopP => Values.TopP;

    public static int TopK => Values.TopK;

    public static float FrequencyPenalty => Values.FrequencyPenalty;

    public static float PresencePenalty => Values.PresencePenalty;

    private static (float, int, float, float) Read()
    {
        using var defaults = new DefaultSamplingPipeline();
        return (defaults.TopP, defaults.TopK, defaults.FrequencyPenalty, defaults.PresencePenalty);
    }
}
