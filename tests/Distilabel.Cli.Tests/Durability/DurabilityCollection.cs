namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// The durability tests run the CLI as child processes under load (kills, 2,000-row fault runs): one at a time, so
/// their timings (request timeouts, kill moments) do not depend on each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurabilityCollection
{
    public const string Name = "CLI durability";
}
