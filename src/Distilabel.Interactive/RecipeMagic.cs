using Distilabel.Pipeline;

namespace Distilabel.Interactive;

/// <summary>
/// The arguments of <c>#!distilabel run RECIPE …</c>: the command line's <c>run</c> (the recipe file, then the same
/// input, output, journal and cache options and defaults), for <see cref="RecipeJob"/>.
/// </summary>
/// <param name="RecipePath">The recipe file (.yaml, .yml or .json).</param>
/// <param name="Job">Input, output, journal, cache.</param>
public sealed record RecipeMagic(string RecipePath, LabelJobOptions Job)
{
    /// <summary>Parses the words after <c>run</c>. Throws <see cref="FormatException"/> with one line naming the option.</summary>
    public static RecipeMagic Parse(IReadOnlyList<string> words)
    {
        var options = MagicOptions.Parse(words, JobMagicOptions.Names, JobMagicOptions.Flags);
        if (options.Arguments.Count != 1)
            throw new FormatException(options.Arguments.Count == 0
                ? "run needs the recipe file first, e.g. run recipe.yaml --input in.jsonl --output out.jsonl"
                : $"run takes one recipe file (got {string.Join(", ", options.Arguments)})");
        return new RecipeMagic(options.Arguments[0], JobMagicOptions.Build(options));
    }
}
