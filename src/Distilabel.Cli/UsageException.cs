namespace Distilabel.Cli;

/// <summary>A mistake in the command line or its files, reported as one line.</summary>
internal sealed class UsageException(string message) : Exception(message);
