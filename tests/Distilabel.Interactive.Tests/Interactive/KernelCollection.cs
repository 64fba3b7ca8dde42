namespace Distilabel.Interactive.Tests.Interactive;

/// <summary>Formatter registrations are process-global: tests that use them never run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCollection
{
    public const string Name = "kernel (process-global formatters)";
}
