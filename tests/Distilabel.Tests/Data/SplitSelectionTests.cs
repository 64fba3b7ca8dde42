using Distilabel.Data;
using Distilabel.Data.Hub;

namespace Distilabel.Tests.Data;

public class SplitSelectionTests
{
    [Theory]
    [InlineData("train", "train", 0L, 1000L)]
    [InlineData("train[:100]", "train", 0L, 100L)]
    [InlineData("train[10:20]", "train", 10L, 20L)]
    [InlineData("train[990:]", "train", 990L, 1000L)]
    [InlineData("train[-10:]", "train", 990L, 1000L)]
    [InlineData("train[:-10]", "train", 0L, 990L)]
    [InlineData("train[:10%]", "train", 0L, 100L)]
    [InlineData("train[-25%:]", "train", 750L, 1000L)]
    [InlineData("train[ 5 : 7 ]", "train", 5L, 7L)]
    [InlineData("validation.clean[:2000]", "validation.clean", 0L, 1000L)]
    public void Resolves_against_a_row_count(string text, string split, long start, long stop)
    {
        var part = Assert.Single(SplitSelection.Parse(text).Parts);

        Assert.Equal(split, part.Split);
        Assert.Equal((start, (long?)stop), part.Resolve(1000));
    }

    [Fact]
    public void Percentages_round_half_to_even_like_datasets()
    {
        // Python's round: 2.5 → 2, 3.5 → 4, 7.5 → 8.
        Assert.Equal(8L, SplitSelection.Parse("t[:75%]").Parts[0].Resolve(10).Stop);
        Assert.Equal(2L, SplitSelection.Parse("t[:50%]").Parts[0].Resolve(5).Stop); // 2.5 → 2
        Assert.Equal(4L, SplitSelection.Parse("t[:50%]").Parts[0].Resolve(7).Stop); // 3.5 → 4
    }

    [Fact]
    public void Absolute_slices_need_no_row_count()
    {
        var part = SplitSelection.Parse("train[:1000]").Parts[0];

        Assert.False(part.NeedsRowCount);
        Assert.Equal((0L, (long?)1000), part.Resolve(null));
        Assert.True(SplitSelection.Parse("train[:10%]").Parts[0].NeedsRowCount);
        Assert.Throws<ArgumentNullException>(() => SplitSelection.Parse("train[-5:]").Parts[0].Resolve(null));
    }

    [Fact]
    public void Concatenation_keeps_the_order()
    {
        var selection = SplitSelection.Parse("train[:10]+validation");

        Assert.Equal(["train", "validation"], selection.Parts.Select(p => p.Split));
        Assert.Equal("train[:10]+validation", selection.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("train[]")]
    [InlineData("train[5]")]
    [InlineData("train[:1000")]
    [InlineData("train[a:b]")]
    [InlineData("train[:150%]")]
    [InlineData("train+")]
    public void Rejects_malformed_selections(string text)
        => Assert.Throws<FormatException>(() => SplitSelection.Parse(text));
}
