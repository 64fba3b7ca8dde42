using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Distilabel.Cli;

/// <summary>Option checks that never crash on a value the parser could not read (it reports that itself).</summary>
internal static class OptionValues
{
    /// <summary>The option's value, or false when it is not a valid value at all.</summary>
    public static bool TryGet<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>Adds a check that the option's value lies within <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static void AddRange<T>(Option<T> option, T min, T max)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryGet<T>(result, out var value))
                return;
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max} (got {value})."));
        });
    }
}
