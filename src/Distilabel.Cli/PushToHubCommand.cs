using System.CommandLine;
using Distilabel.Data;
using Distilabel.Data.Hub;

namespace Distilabel.Cli;

/// <summary><c>distilabel push-to-hub</c>: upload a dataset file as a split of a Hub dataset, with a dataset card
/// written from the run facts <c>label</c> recorded with it.</summary>
internal static class PushToHubCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "The dataset file to push (.parquet, .jsonl or .csv).", Required = true };
        var repo = new Option<string>("--repo") { Description = "The Hub dataset, OWNER/NAME (created if needed). The token comes from HF_TOKEN.", Required = true };
        var split = new Option<string>("--split") { Description = "The split name.", DefaultValueFactory = _ => "train" };
        var isPublic = new Option<bool>("--public") { Description = "Create the repository public (default: private). An existing repository keeps its visibility." };
        var license = new Option<string?>("--license") { Description = "License id for the card (e.g. cc-by-4.0, apache-2.0)." };
        var message = new Option<string?>("--commit-message") { Description = "The commit summary." };
        var command = new Command("push-to-hub", "Push a dataset file to the Hugging Face Hub as a Parquet split, with a dataset card.")
        {
            input, repo, split, isPublic, license, message,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = new ConsoleReporter();
            var path = parse.GetValue(input)!;
            var repoId = parse.GetValue(repo)!;
            try
            {
                if (!File.Exists(path))
                    throw new UsageException($"--input: file not found: {path}");
                var options = new HubPushOptions
                {
                    Private = !parse.GetValue(isPublic),
                    License = parse.GetValue(license),
                    CommitMessage = parse.GetValue(message),
                };
                var commit = await HubDatasets.PushFileAsync(path, repoId, parse.GetValue(split)!, options, cancellationToken);
                Console.WriteLine($"Pushed {commit.Rows:N0} rows to {commit.RepoUrl} ({commit.PathInRepo}{(commit.Created ? ", new private repository" : "")}).".Replace(", new private repository", options.Private ? ", new private repository" : ", new public repository", StringComparison.Ordinal));
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is UsageException or HubException or DatasetFormatException or ArgumentException or IOException or NotSupportedException or FormatException)
            {
                console.Error(e.Message);
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
