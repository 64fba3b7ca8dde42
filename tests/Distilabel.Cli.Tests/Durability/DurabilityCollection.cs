namespace Distilabel.Cli.Tests.Durability;

/// <summary>
/// The durability tests run the CLI as child processes under load (kills, 2,000-row fault runs): one at a time, so
/// their timings (request timeouts, kill moments) do not depend on each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DurabilityCollection : ICollectionFixture<DurabilityCollection.Start>
{
    public const string Name = "CLI durability";

    /// <summary>
    /// <c>dotnet test</c> runs the test projects side by side; the core library's unit tests include timing-sensitive
    /// pipeline tests (a 200 ms window) that a 2-core machine busy with CLI child processes can starve. Starting a few
    /// seconds later lets them finish first.
    /// </summary>
    public sealed class Start : IAsyncLifetime
    {
        public Task InitializeAsync() => Task.Delay(TimeSpan.FromSeconds(6));

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
