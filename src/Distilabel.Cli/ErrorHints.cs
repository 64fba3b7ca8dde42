using Distilabel.Llms;
using Distilabel.Pipeline.Journal;

namespace Distilabel.Cli;

/// <summary>
/// Turns the library's structured exceptions into one line that names the flag to change: the library says what is
/// wrong (which journal, which LLM setting), the command line says which of its options fixes it.
/// </summary>
internal static class ErrorHints
{
    public static string Describe(Exception exception) => exception switch
    {
        RunJournalException journal => $"{journal.Message.TrimEnd('.')}; {JournalAdvice(journal)}",
        LlmConfigurationException { Setting: { } setting } llm when SettingFlag(setting) is { } flag
            => $"{llm.Message.TrimEnd('.')} ({flag}).",
        FileNotFoundException { FileName: { } file } when exception.Message.StartsWith("recipe file not found", StringComparison.Ordinal)
            => $"recipe file not found: {file}",
        _ => exception.Message,
    };

    private static string JournalAdvice(RunJournalException journal) => journal.Problem switch
    {
        RunJournalProblem.Missing => "run without --resume to start one, or use --journal to name the journal to resume.",
        RunJournalProblem.InUse => "wait for it, or use --journal to choose another.",
        RunJournalProblem.NotAJournal => "use --journal to choose another file.",
        RunJournalProblem.Unwritable => "use --journal to put it elsewhere.",
        RunJournalProblem.Unusable => "give --journal a file path.",
        _ when journal.CanStartOver => "use --journal to choose another or --fresh to start over.",
        _ => "use --journal to choose another.",
    };

    private static string? SettingFlag(string setting) => setting switch
    {
        nameof(LlmSettings.Model) => "--model",
        nameof(LlmSettings.BaseUrl) => "--base-url",
        nameof(LlmSettings.ApiKeyEnvironmentVariable) => "--api-key-env",
        _ => null,
    };
}
