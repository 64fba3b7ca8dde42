using Distilabel.Pipeline.Journal;

namespace Distilabel.Tests.Journal;

[Collection(JournalCollection.Name)]
public class RowFingerprintTests
{
    [Fact]
    public void Column_order_and_integer_width_do_not_matter()
    {
        var a = new Dictionary<string, object?> { ["prompt"] = "p", ["id"] = 3L, ["score"] = 0.5 };
        var b = new Dictionary<string, object?> { ["score"] = 0.5f, ["id"] = 3, ["prompt"] = "p".AsMemory() };

        Assert.Equal(RowFingerprint.Compute(a), RowFingerprint.Compute(b));
        Assert.Equal(16, RowFingerprint.Compute(a).Length);
    }

    [Fact]
    public void Any_changed_value_or_column_changes_it()
    {
        var row = new Dictionary<string, object?> { ["prompt"] = "p", ["response"] = "r" };
        var fingerprint = RowFingerprint.Compute(row);

        Assert.NotEqual(fingerprint, RowFingerprint.Compute(new Dictionary<string, object?> { ["prompt"] = "p", ["response"] = "r " }));
        Assert.NotEqual(fingerprint, RowFingerprint.Compute(new Dictionary<string, object?> { ["prompt"] = "p", ["response"] = null }));
        Assert.NotEqual(fingerprint, RowFingerprint.Compute(new Dictionary<string, object?> { ["prompt"] = "p", ["response"] = "r", ["x"] = null }));
        Assert.NotEqual(fingerprint, RowFingerprint.Compute(new Dictionary<string, object?> { ["prompt"] = "pr", ["response"] = "" }));
        Assert.NotEqual(
            RowFingerprint.Compute(new Dictionary<string, object?> { ["n"] = "1" }),
            RowFingerprint.Compute(new Dictionary<string, object?> { ["n"] = 1L }));
    }
}
