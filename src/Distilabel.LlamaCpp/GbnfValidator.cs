using System.Collections.Concurrent;
using System.Reflection;
using LLama;
using LLama.Native;

namespace Distilabel.LlamaCpp;

/// <summary>
/// Checks a GBNF grammar with llama.cpp's own parser before it is used. LLamaSharp 0.30 adds the grammar sampler to
/// its chain without checking it, and llama.cpp returns no sampler for a grammar it cannot parse (syntax error,
/// undefined rule, no root rule, left recursion), which crashes the process on the first token. So the grammar is
/// first compiled on its own, through LLamaSharp's P/Invoke, and freed. Results are cached per grammar text.
/// If a future LLamaSharp renames that binding, the check is skipped (the reflection below finds nothing).
/// </summary>
internal static class GbnfValidator
{
    private static readonly ConcurrentDictionary<string, bool> Checked = new(StringComparer.Ordinal);
    private static readonly Lazy<Binding?> Native = new(FindBinding);

    /// <summary>Throws <see cref="ArgumentException"/> when llama.cpp cannot compile <paramref name="gbnf"/> with start rule <c>root</c>.</summary>
    public static void EnsureValid(LLamaWeights weights, string gbnf)
    {
        if (Checked.TryGetValue(gbnf, out var valid))
        {
            if (!valid)
                throw Invalid();
            return;
        }

        if (Native.Value is not { } native)
            return;

        var handle = (IntPtr)native.Init.Invoke(null, [native.VocabNative.GetValue(weights.Vocab), gbnf, "root"])!;
        valid = handle != IntPtr.Zero;
        if (valid)
            native.Free.Invoke(null, [handle]);
        Checked.TryAdd(gbnf, valid);
        if (!valid)
            throw Invalid();
    }

    private static ArgumentException Invalid() =>
        new("llama.cpp cannot compile the GBNF grammar: check its syntax, that every rule it uses is defined, that it has a 'root' rule, and that no rule is left-recursive.", "gbnf");

    private static Binding? FindBinding()
    {
        try
        {
            const BindingFlags statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
            var chain = typeof(SafeLLamaSamplerChainHandle);
            var init = chain.GetMethods(statics).SingleOrDefault(m =>
                m.Name.Contains("llama_sampler_init_grammar", StringComparison.Ordinal) && !m.Name.Contains("lazy", StringComparison.Ordinal)
                && m.GetParameters().Length == 3 && m.ReturnType == typeof(IntPtr));
            var free = chain.GetMethod("llama_sampler_free", statics, [typeof(IntPtr)]);
            var vocab = typeof(SafeLlamaModelHandle.Vocabulary).GetProperty("VocabNative", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            return init is not null && free is not null && vocab is not null ? new Binding(init, free, vocab) : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private sealed record Binding(MethodInfo Init, MethodInfo Free, PropertyInfo VocabNative);
}
