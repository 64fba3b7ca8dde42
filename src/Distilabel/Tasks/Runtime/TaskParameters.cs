using System.ComponentModel;
using System.Globalization;

namespace Distilabel.Tasks.Runtime;

/// <summary>
/// Task parameters as text and back, with errors that name the parameter and list the valid ones. Used by generated
/// code (<c>WithParameters</c>, <c>GetParameters</c>). Text is invariant: <c>true</c>/<c>false</c>, round-trip numbers,
/// enum member names.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskParameters
{
    /// <summary>
    /// Throws for a name in <paramref name="values"/> that is not one of <paramref name="names"/>; the message lists
    /// <paramref name="valid"/> (each parameter as <c>name (type)</c>).
    /// </summary>
    public static void CheckNames(string task, IReadOnlyDictionary<string, string> values, string[] names, string[] valid)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var name in values.Keys)
        {
            if (Array.IndexOf(names, name) < 0)
            {
                var known = valid.Length == 0 ? "the task has no parameters" : "valid parameters: " + string.Join(", ", valid);
                throw new TaskParameterException(task, name, "no such parameter; " + known, valid);
            }
        }
    }

    public static string ParseString(string task, string name, string text, string[] valid) => text;

    /// <summary>A string parameter limited to <paramref name="allowed"/> (<c>[Parameter(OneOf = …)]</c>), matched ignoring case.</summary>
    public static string ParseOneOf(string task, string name, string text, string[] allowed, string[] valid)
    {
        foreach (var value in allowed)
        {
            if (string.Equals(value, text.Trim(), StringComparison.OrdinalIgnoreCase))
                return value;
        }

        throw Bad(task, name, text, "one of " + string.Join(", ", allowed), valid);
    }

    public static int ParseInt32(string task, string name, string text, string[] valid)
        => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(task, name, text, "an integer", valid);

    public static double ParseDouble(string task, string name, string text, string[] valid)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Bad(task, name, text, "a number", valid);

    public static bool ParseBoolean(string task, string name, string text, string[] valid)
        => bool.TryParse(text, out var value) ? value : throw Bad(task, name, text, "true or false", valid);

    /// <summary>An enum member by name (case-insensitive); numbers are not accepted.</summary>
    public static TEnum ParseEnum<TEnum>(string task, string name, string text, string[] valid) where TEnum : struct, Enum
    {
        foreach (var member in Enum.GetNames<TEnum>())
        {
            if (string.Equals(member, text.Trim(), StringComparison.OrdinalIgnoreCase))
                return Enum.Parse<TEnum>(member);
        }

        throw Bad(task, name, text, "one of " + string.Join(", ", Enum.GetNames<TEnum>()), valid);
    }

    public static string Format(string? value) => value ?? "";

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(bool value) => value ? "true" : "false";

    public static string Format<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    private static TaskParameterException Bad(string task, string name, string text, string expected, string[] valid)
    {
        var shown = text.Length > 40 ? text[..40] + "…" : text;
        return new TaskParameterException(task, name, $"'{shown}' is not {expected}", valid);
    }
}
