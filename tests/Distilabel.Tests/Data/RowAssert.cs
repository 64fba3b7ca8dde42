using Distilabel.Data;

namespace Distilabel.Tests.Data;

internal static class RowAssert
{
    /// <summary>Same columns in the same order, with equal values (lists compared by items; an expected sequence of
    /// integers must come back as a list of nullable longs).</summary>
    public static void Equal(IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> actual)
    {
        Assert.Equal(expected.Keys.ToArray(), actual.Keys.ToArray());
        foreach (var (key, value) in expected)
        {
            var other = actual[key];
            if (value is IReadOnlyList<string> list)
            {
                var otherList = Assert.IsAssignableFrom<IReadOnlyList<string>>(other);
                Assert.Equal(list.ToArray(), otherList.ToArray());
            }
            else if (value is not string && RowValues.TryNormalize(value, out var normalized) && normalized is IReadOnlyList<long?> numbers)
            {
                var otherNumbers = Assert.IsAssignableFrom<IReadOnlyList<long?>>(other);
                Assert.Equal(numbers.ToArray(), otherNumbers.ToArray());
            }
            else
            {
                Assert.True(Equals(value, other), $"column '{key}': expected {Show(value)} but found {Show(other)}");
            }
        }
    }

    public static void Equal(IReadOnlyList<IReadOnlyDictionary<string, object?>> expected, IReadOnlyList<Row> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Equal(expected[i], actual[i]);
    }

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
