using System.CommandLine;
using System.Globalization;
using Distilabel.Llms;
using Distilabel.Pipeline.Batch;
using Distilabel.Pipeline.Journal;
using Spectre.Console;

namespace Distilabel.Cli;

/// <summary><c>distilabel batch list|status|cancel|clean</c>: the batches recorded in a run's journal (<see cref="BatchManager"/>).</summary>
internal static class BatchCommand
{
    public static Command Create()
    {
        var command = new Command("batch", "Manage the OpenAI Batch API batches of a 'label --batch' run (recorded in its journal).");
        command.Subcommands.Add(Sub("list", "List the run's batches from its journal (no request to the server).", server: false, async (journal, _, _) =>
        {
            Render(BatchManager.List(journal));
            return await Task.FromResult(ExitCodes.Success);
        }));
        command.Subcommands.Add(Sub("status", "Ask the server how far each of the run's batches is.", server: true, async (journal, llm, ct) =>
        {
            Render(await BatchManager.StatusAsync(journal, llm!, ct));
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(Sub("cancel", "Cancel the run's batches that are still running (the next 'label --batch' run collects what they answered).", server: true, async (journal, llm, ct) =>
        {
            var cancelled = await BatchManager.CancelAsync(journal, llm!, ct);
            foreach (var batch in cancelled)
                Console.WriteLine($"{batch.Id}: {batch.Status}");
            Console.Error.WriteLine(cancelled.Count == 0
                ? "No batch of this run was still running."
                : $"{cancelled.Count} batch{(cancelled.Count == 1 ? "" : "es")} cancelled: run the same 'label --batch' command again to collect what they answered (the rest become failed rows).");
            return ExitCodes.Success;
        }));
        command.Subcommands.Add(Sub("clean", "Delete from the server the files of the run's collected batches (request, output and error files); batches not yet collected keep theirs.", server: true, async (journal, llm, ct) =>
        {
            var deleted = await BatchManager.CleanAsync(journal, llm!, ct);
            Console.Error.WriteLine(deleted == 0
                ? "No file to delete: the collected batches' files are gone already (or no batch was collected yet)."
                : $"Deleted {deleted} file{(deleted == 1 ? "" : "s")} of the run's collected batches from the server.");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Sub(string name, string description, bool server, Func<string, LlmSettings?, CancellationToken, Task<int>> action)
    {
        var output = new Option<string?>("--output", "-o") { Description = "The run's output file (its journal is <output folder>/.distilabel/<output name>.journal.db)." };
        var journal = new Option<string?>("--journal") { Description = "The run's journal, when not at the default path." };
        var command = new Command(name, description) { output, journal };
        Option<string>? llm = null;
        Option<string?>? baseUrl = null, apiKeyEnv = null;
        if (server)
        {
            llm = new Option<string>("--llm") { Description = "The Batch API's server: openai, or openai-compatible with --base-url.", DefaultValueFactory = _ => "openai" };
            llm.AcceptOnlyFromAmong("openai", "openai-compatible");
            baseUrl = new Option<string?>("--base-url") { Description = "Base URL of an OpenAI-compatible server with the Files and Batches endpoints." };
            apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the API key (default: OPENAI_API_KEY for openai)." };
            command.Options.Add(llm);
            command.Options.Add(baseUrl);
            command.Options.Add(apiKeyEnv);
        }

        command.Validators.Add(result =>
        {
            if ((result.GetValue(output) is null) == (result.GetValue(journal) is null))
                result.AddError("Name the run with --output (its output file) or --journal (its journal), one of them.");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(journal) ?? RunJournal.DefaultPathFor(parse.GetValue(output)!);
            var settings = llm is null ? null : new LlmSettings
            {
                Provider = parse.GetValue(llm) == "openai" ? LlmProvider.OpenAI : LlmProvider.OpenAICompatible,
                BaseUrl = parse.GetValue(baseUrl!),
                ApiKeyEnvironmentVariable = parse.GetValue(apiKeyEnv!),
            };
            try
            {
                return await action(path, settings, cancellationToken);
            }
            catch (RunJournalException e)
            {
                Console.Error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ").TrimEnd('.')}; name the run's output with --output, or its journal with --journal.");
                return ExitCodes.Error;
            }
            catch (Exception e) when (e is BatchServiceException or LlmConfigurationException)
            {
                Console.Error.WriteLine("error: " + ErrorHints.Describe(e).ReplaceLineEndings(" "));
                return ExitCodes.Error;
            }
        });
        return command;
    }

    private static void Render(IReadOnlyList<BatchSummary> batches)
    {
        if (batches.Count == 0)
        {
            Console.Error.WriteLine("This run has no batches.");
            return;
        }

        var table = new Table().Title("Batches").AddColumns("batch", "status", "requests", "done", "collected", "answered", "failed");
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        foreach (var batch in batches)
        {
            var record = batch.Record;
            table.AddRow(
                Markup.Escape(record.BatchId ?? "(not created)"),
                Markup.Escape(record.Status),
                N(record.Requests),
                batch.Server is { } s ? $"{N(s.Completed + s.Failed)}/{N(s.Total)}" : "-",
                record.Collected ? "yes" : "no",
                N(batch.Answered),
                N(batch.Failed));
        }

        AnsiConsole.Console.Write(table);
    }
}
