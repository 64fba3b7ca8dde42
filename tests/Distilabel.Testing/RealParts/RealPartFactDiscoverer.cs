using Xunit.Abstractions;
using Xunit.Sdk;

namespace Distilabel.Testing;

/// <summary>
/// Discovers a <see cref="RealPartFactAttribute"/> test: a plain fact (run, or skipped with its reason), except in CI
/// when a part is missing, where the test is replaced by one that fails with the missing part's line.
/// </summary>
public sealed class RealPartFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var missing = factAttribute.GetNamedArgument<string?>(nameof(RealPartFactAttribute.Missing));
        if (missing is not null && RealParts.Required)
        {
            return
            [
                new ExecutionErrorTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, RealParts.Line(missing)),
            ];
        }

        return _fact.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
