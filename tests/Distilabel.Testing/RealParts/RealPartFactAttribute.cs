using Xunit.Sdk;

namespace Distilabel.Testing;

/// <summary>
/// Base of the facts that need a real part (<see cref="RequiresTinyModelFactAttribute"/>, ChromiumFact, TwinFact,
/// NotebookFact). A derived attribute says what is missing (or null); <see cref="RealParts"/> decides between a skip
/// (locally) and a failure (in CI), and <see cref="RealPartFactDiscoverer"/> turns the failure into a failing test.
/// </summary>
[XunitTestCaseDiscoverer("Distilabel.Testing.RealPartFactDiscoverer", "Distilabel.Testing")]
public abstract class RealPartFactAttribute : FactAttribute
{
    /// <param name="missing">What is missing, in a few words with how to get it; null when everything is here.</param>
    protected RealPartFactAttribute(string? missing)
    {
        Missing = missing;
        if (missing is not null && !RealParts.Required)
            Skip = RealParts.Line(missing);
    }

    /// <summary>What is missing, or null.</summary>
    public string? Missing { get; }
}
