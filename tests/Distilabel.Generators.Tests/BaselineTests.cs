using Distilabel.Generators.Tests.Infrastructure;

namespace Distilabel.Generators.Tests;

/// <summary>
/// The generated source of each task in <see cref="TaskSources"/> is compared with the checked-in file
/// <c>Baselines/&lt;Name&gt;.g.cs.txt</c>. After an intended change to the emitter, refresh them with
/// <c>DISTILABEL_UPDATE_BASELINES=1 dotnet test tests/Distilabel.Generators.Tests</c> and review the diff.
/// The generator's version in <c>[GeneratedCode]</c> reads <see cref="VersionToken"/> in the files, so a release does not
/// rewrite them; <see cref="GeneratedCodeVersionTests"/> pins the real value.
/// </summary>
public class BaselineTests
{
    private const string UpdateVariable = "DISTILABEL_UPDATE_BASELINES";
    private const string VersionToken = "{generator version}";

    public static TheoryData<string> Names => new(TaskSources.All.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_source_matches_baseline(string name)
    {
        var outcome = GeneratorHarness.Run(TaskSources.All[name]);
        Assert.Empty(outcome.GeneratorDiagnostics);
        var source = Assert.Single(outcome.Sources);
        Assert.EndsWith(".g.cs", source.HintName, StringComparison.Ordinal);
        var actual = Normalize(source.SourceText.ToString()).Replace(
            GeneratedCodeVersionTests.Attribute(GeneratedCodeVersionTests.AssemblyVersion()), GeneratedCodeVersionTests.Attribute(VersionToken), StringComparison.Ordinal);

        var path = Path.Combine(RepoPaths.TestProject, "Baselines", name + ".g.cs.txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Missing baseline {path}: run the tests with {UpdateVariable}=1 to create it.");
        var expected = Normalize(File.ReadAllText(path));
        if (expected != actual)
        {
            var line = FirstDifferentLine(expected, actual);
            Assert.Fail($"{name}: generated source differs from {path} at line {line.Number}:\n  expected: {line.Expected}\n  actual:   {line.Actual}\n"
                + $"If the change is intended, rerun with {UpdateVariable}=1 and review the diff.");
        }
    }

    [Theory]
    [InlineData(nameof(TaskSources.ResponseRating), "Samples.ResponseRating.g.cs")]
    [InlineData(nameof(TaskSources.Judge), "Samples.Positional.Judge.g.cs")]
    [InlineData(nameof(TaskSources.Nested), "Samples.Nested.Judges.English.Grammar.g.cs")]
    [InlineData(nameof(TaskSources.GlobalSentiment), "GlobalSentiment.g.cs")]
    public void Hint_names_are_the_full_type_name(string name, string hintName)
        => Assert.Equal(hintName, Assert.Single(GeneratorHarness.Run(TaskSources.All[name]).Sources).HintName);

    [Fact]
    public void Generation_is_deterministic()
    {
        foreach (var source in TaskSources.All.Values)
        {
            var first = Assert.Single(GeneratorHarness.Run(source).Sources).SourceText.ToString();
            var second = Assert.Single(GeneratorHarness.Run(source).Sources).SourceText.ToString();
            Assert.Equal(first, second);
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static (int Number, string Expected, string Actual) FirstDifferentLine(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al)
                return (i + 1, el, al);
        }

        return (0, "", "");
    }
}
