namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// The durability tests run the CLI as child processes (kills, interruptions, 2,000-row fault runs): one at a time,
/// so that a failure names one run. Their faults are decided by the loopback server, never by the clock.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurabilityCollection
{
    public const string Name = "CLI durability";
}
