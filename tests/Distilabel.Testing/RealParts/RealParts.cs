namespace Distilabel.Testing;

/// <summary>
/// The one place that decides what a test does when a real part it needs (the tiny model in ../shared, Chromium,
/// Jupyter, dotnet-interactive) is missing: locally it skips, saying what is missing; in CI (<c>CI=true</c> or
/// <c>DISTILABEL_REQUIRE_TOOLS=1</c>, which .ci/run exports) it fails with that same line, so a green CI run
/// means every real-part test ran.
/// </summary>
public static class RealParts
{
    /// <summary>The environment variables that turn a missing part into a failure.</summary>
    public const string CiVariables = "CI=true or DISTILABEL_REQUIRE_TOOLS=1";

    /// <summary>True when a missing part must fail the test instead of skipping it.</summary>
    public static bool Required => IsOn("DISTILABEL_REQUIRE_TOOLS") || IsOn("CI");

    /// <summary>The line a test shows when <paramref name="missing"/> is absent: a skip reason locally, a failure in CI.</summary>
    public static string Line(string missing) =>
        Required ? $"Missing in CI ({CiVariables}): {missing}" : $"Skipped: {missing} (with {CiVariables} this fails instead).";

    /// <summary>Fails the running test with the one-line reason when <paramref name="missing"/> is not null (for checks made inside a test).</summary>
    public static void Ensure(string? missing)
    {
        if (missing is not null)
            Assert.Fail(Line(missing));
    }

    private static bool IsOn(string variable) =>
        Environment.GetEnvironmentVariable(variable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes";
}
