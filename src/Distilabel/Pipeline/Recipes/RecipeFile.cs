using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Distilabel.Pipeline.Recipes;

/// <summary>Reads recipe files: YAML, or JSON (a YAML subset), with snake_case keys.</summary>
public static class RecipeFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Reads and checks the recipe at <paramref name="path"/>.</summary>
    /// <exception cref="RecipeException">The file is missing, not YAML/JSON, has an unknown key, or a step is incomplete.</exception>
    public static Recipe Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException($"{path}: cannot read the recipe: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Reads and checks a recipe from its text; <paramref name="source"/> names it in errors.</summary>
    public static Recipe Parse(string text, string source = "recipe")
    {
        ArgumentNullException.ThrowIfNull(text);
        Recipe? recipe;
        try
        {
            recipe = Deserializer.Deserialize<Recipe?>(text);
        }
        catch (YamlException e)
        {
            var message = (e.InnerException is YamlException inner ? inner.Message : e.Message).ReplaceLineEndings(" ");
            throw new RecipeException($"{source}({e.Start.Line},{e.Start.Column}): {message}", e);
        }

        if (recipe is null || recipe.Steps.Count == 0)
            throw new RecipeException($"{source}: the recipe has no steps (a 'steps:' list of generate, label, explode, select, rename or preference_pairs)");
        for (var i = 0; i < recipe.Steps.Count; i++)
            Check(recipe.Steps[i], $"{source}: step {i + 1}");
        return recipe;
    }

    private static void Check(RecipeStep step, string where)
    {
        var kinds = new (string Name, bool Set)[]
        {
            ("generate", step.Generate is not null), ("label", step.Label is not null), ("explode", step.Explode is not null),
            ("select", step.Select is not null), ("rename", step.Rename is not null), ("preference_pairs", step.PreferencePairs is not null),
        }.Where(k => k.Set).Select(k => k.Name).ToList();
        if (kinds.Count != 1)
        {
            throw new RecipeException(kinds.Count == 0
                ? $"{where}: a step needs one of generate, label, explode, select, rename, preference_pairs"
                : $"{where}: a step is one of generate, label, explode, select, rename, preference_pairs, not several ({string.Join(", ", kinds)})");
        }

        if (step.Generate is { } generate)
        {
            if ((generate.Llm is null) == (generate.Pool is null or { Count: 0 }))
                throw new RecipeException($"{where} (generate): give either 'llm' or a non-empty 'pool'");
            if (generate.NumGenerations is < 1)
                throw new RecipeException($"{where} (generate): num_generations must be at least 1 (got {generate.NumGenerations})");
        }

        if (step.Label is { } label)
        {
            if (string.IsNullOrWhiteSpace(label.Task))
                throw new RecipeException($"{where} (label): 'task' is required");
            if (label.Llm is null)
                throw new RecipeException($"{where} (label): 'llm' is required");
        }

        if (step.Explode is { Columns.Count: 0 })
            throw new RecipeException($"{where} (explode): 'columns' lists the list columns to explode");
        if (step.Select is { Count: 0 })
            throw new RecipeException($"{where} (select): list at least one column");
        if (step.Rename is { Count: 0 })
            throw new RecipeException($"{where} (rename): map at least one column");
    }
}
