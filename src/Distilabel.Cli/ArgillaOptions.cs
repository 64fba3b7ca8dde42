using System.CommandLine;
using Distilabel.Argilla;

namespace Distilabel.Cli;

/// <summary>The options every Argilla command shares: where the server is and which variable holds the key.</summary>
internal sealed class ArgillaOptions
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "The Argilla dataset name.", Required = true };

    public Option<string> Workspace { get; } = new("--workspace") { Description = "The Argilla workspace.", Required = true };

    public Option<string?> ApiUrl { get; } = new("--api-url") { Description = $"The Argilla server, e.g. http://localhost:6900 (default: {ArgillaClientOptions.ApiUrlVariable})." };

    public Option<string?> ApiKeyEnv { get; } = new("--api-key-env") { Description = $"The environment variable holding the API key (default: {ArgillaClientOptions.ApiKeyVariable})." };

    public void AddTo(Command command)
    {
        command.Options.Add(Dataset);
        command.Options.Add(Workspace);
        command.Options.Add(ApiUrl);
        command.Options.Add(ApiKeyEnv);
    }

    /// <summary>A client; a missing URL or key is a one-line <see cref="UsageException"/>.</summary>
    public ArgillaClient CreateClient(ParseResult parse)
    {
        var url = parse.GetValue(ApiUrl) ?? Environment.GetEnvironmentVariable(ArgillaClientOptions.ApiUrlVariable);
        if (string.IsNullOrWhiteSpace(url))
            throw new UsageException($"No Argilla server: pass --api-url or set {ArgillaClientOptions.ApiUrlVariable} (e.g. http://localhost:6900).");
        var keyVariable = parse.GetValue(ApiKeyEnv) ?? ArgillaClientOptions.ApiKeyVariable;
        var key = Environment.GetEnvironmentVariable(keyVariable);
        if (string.IsNullOrWhiteSpace(key))
            throw new UsageException($"No Argilla API key: set {keyVariable} (the key is read from the environment, never from the command line).");
        try
        {
            return new ArgillaClient(new ArgillaClientOptions { ApiUrl = url, ApiKey = key });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>Whether an exception is a one-line user-facing error.</summary>
    public static bool IsUserError(Exception exception) => exception is UsageException or ArgillaException or Data.DatasetFormatException
        or TaskInputException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException or NotSupportedException
        or ArgumentException;
}
