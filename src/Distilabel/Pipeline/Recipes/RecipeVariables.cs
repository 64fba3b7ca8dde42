using System.Text.RegularExpressions;

namespace Distilabel.Pipeline.Recipes;

/// <summary>
/// Environment variables in a recipe's LLM settings (<c>model</c>, <c>base_url</c>): <c>${NAME}</c>, or
/// <c>${NAME:-default}</c> when the variable may be unset, as a shell or docker compose writes them. The shipped recipe
/// finds the shared test model through <c>${DISTILABEL_SHARED_DIR:-../../../shared}</c>.
/// </summary>
internal static partial class RecipeVariables
{
    /// <summary>The value with its variables replaced. Throws <see cref="RecipeException"/> naming <paramref name="where"/> for an unset variable without a default.</summary>
    public static string? Expand(string? value, string where, Func<string, string?>? environment = null)
    {
        if (value is null || !value.Contains("${", StringComparison.Ordinal))
            return value;
        environment ??= Environment.GetEnvironmentVariable;
        return Variable().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            if (environment(name) is { Length: > 0 } set)
                return set;
            return match.Groups["default"].Success
                ? match.Groups["default"].Value
                : throw new RecipeException($"{where}: the environment variable {name} is not set (write ${{{name}:-default}} to give a default)");
        });
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
