using System.CommandLine;
using Distilabel.Pipeline.Batch;

namespace Distilabel.Cli;

/// <summary><c>label</c>'s batch flags (the OpenAI Batch API, <see cref="BatchLabelJob"/>) and the checks of their combinations.</summary>
internal sealed class BatchLabelOptions
{
    public BatchLabelOptions()
    {
        OptionValues.AddRange(PollSeconds, 0, 3600);
    }

    public Option<bool> Batch { get; } = new("--batch") { Description = "Label through the OpenAI Batch API (half the price, answers within 24 hours; openai or openai-compatible). Re-running the same command after a stop resumes: it never submits a row twice." };

    public Option<bool> NoWait { get; } = new("--batch-no-wait") { Description = "With --batch: submit and exit 0 at once; run the same command again later to collect." };

    public Option<bool> NoBatch { get; } = new("--no-batch") { Description = "Ask the LLM online, row by row (the default), e.g. with --retry-failed to redo a batch run's failed rows at once." };

    public Option<double> PollSeconds { get; } = new("--batch-poll-seconds") { Description = "With --batch: the first pause between two polls of the batches (it grows while nothing changes, up to 5 minutes).", DefaultValueFactory = _ => 10 };

    public void AddTo(Command command, Option<string> llm)
    {
        foreach (var option in new Option[] { Batch, NoWait, NoBatch, PollSeconds })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any())
                return;
            var batch = result.GetValue(Batch) || result.GetValue(NoWait);
            if (batch && result.GetValue(NoBatch))
                result.AddError("--batch and --no-batch contradict each other.");
            else if (batch && result.GetValue(llm) is not ("openai" or "openai-compatible"))
                result.AddError("--batch needs the OpenAI Batch API: use --llm openai or --llm openai-compatible.");
        });
    }

    /// <summary>The batch options the flags ask for, or null to label online.</summary>
    public BatchOptions? Options(ParseResult parse)
    {
        if (!parse.GetValue(Batch) && !parse.GetValue(NoWait))
            return null;
        var interval = TimeSpan.FromSeconds(parse.GetValue(PollSeconds));
        return new BatchOptions
        {
            Wait = !parse.GetValue(NoWait),
            PollInterval = interval,
            MaxPollInterval = interval > TimeSpan.FromMinutes(5) ? interval : TimeSpan.FromMinutes(5),
        };
    }
}
