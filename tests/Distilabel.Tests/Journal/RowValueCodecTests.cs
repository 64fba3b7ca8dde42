using Distilabel.Pipeline.Journal;

namespace Distilabel.Tests.Journal;

[Collection(JournalCollection.Name)]
public class RowValueCodecTests
{
    public static TheoryData<object?> Values() =>
    [
        null, "", "text with ünïcödé 🎉 and \n newlines \0 nul", 0L, long.MinValue, long.MaxValue, 3, int.MinValue,
        0.1, -0.0, double.NaN, double.PositiveInfinity, double.Epsilon, 1e308, 1.5f, true, false,
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_scalar_comes_back_with_the_same_type_and_bits(object? value)
    {
        var decoded = RowValueCodec.Decode(RowValueCodec.Encode([new("c", value)]));

        var back = Assert.Single(decoded);
        Assert.Equal("c", back.Key);
        Assert.Equal(value?.GetType(), back.Value?.GetType());
        if (value is double d)
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits((double)back.Value!));
        else
            Assert.Equal(value, back.Value);
    }

    [Fact]
    public void Lists_keep_their_element_type_and_nulls()
    {
        var columns = new List<KeyValuePair<string, object?>>
        {
            new("strings", new List<string?> { "a", null, "" }),
            new("array", new[] { "x", "y" }),
            new("longs", new List<long?> { 1, null, long.MaxValue }),
            new("ints", new List<int?> { 4, null }),
            new("doubles", new List<double> { 0.5, double.NaN }),
            new("bools", new List<bool?> { true, null }),
            new("empty", new List<string?>()),
        };

        var decoded = RowValueCodec.Decode(RowValueCodec.Encode(columns));

        Assert.Equal(columns.Select(c => c.Key), decoded.Select(c => c.Key));
        Assert.IsType<List<string?>>(decoded[0].Value);
        Assert.Equal(new string?[] { "a", null, "" }, (List<string?>)decoded[0].Value!);
        Assert.Equal(new[] { "x", "y" }, (List<string?>)decoded[1].Value!);
        Assert.Equal(new long?[] { 1, null, long.MaxValue }, (List<long?>)decoded[2].Value!);
        Assert.Equal(new int?[] { 4, null }, (List<int?>)decoded[3].Value!);
        Assert.True(double.IsNaN(((List<double>)decoded[4].Value!)[1]));
        Assert.Equal(new bool?[] { true, null }, (List<bool?>)decoded[5].Value!);
        Assert.Empty((List<string?>)decoded[6].Value!);
    }

    [Fact]
    public void Random_rows_round_trip()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 500; trial++)
        {
            var columns = Enumerable.Range(0, random.Next(0, 12)).Select(i => new KeyValuePair<string, object?>($"c{i}", (random.Next(7)) switch
            {
                0 => null,
                1 => random.NextInt64(),
                2 => random.NextDouble() * 1e6,
                3 => random.Next(2) == 0,
                4 => new string((char)random.Next(32, 0xD7FF), random.Next(0, 300)),
                5 => (int?)random.Next(0, 5),
                _ => Enumerable.Range(0, random.Next(4)).Select(_ => (string?)random.Next().ToString()).ToList(),
            })).ToList();

            var decoded = RowValueCodec.Decode(RowValueCodec.Encode(columns));

            Assert.Equal(columns.Count, decoded.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                Assert.Equal(columns[i].Key, decoded[i].Key);
                Assert.Equal(columns[i].Value?.GetType(), decoded[i].Value?.GetType());
                Assert.Equal(columns[i].Value, decoded[i].Value);
            }
        }
    }

    [Fact]
    public void Unsupported_values_are_refused_with_the_column_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => RowValueCodec.Encode([new("when", DateTime.UtcNow)]));
        Assert.Contains("'when'", error.Message);
    }

    [Fact]
    public void Damaged_bytes_are_a_format_error_never_a_crash()
    {
        var bytes = RowValueCodec.Encode([new("a", "hello"), new("b", 42L), new("c", new List<string?> { "x" })]);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            try
            {
                RowValueCodec.Decode(bytes.AsSpan(0, cut));
                Assert.Fail($"a truncation at {cut} was decoded");
            }
            catch (FormatException)
            {
            }
        }
    }
}
