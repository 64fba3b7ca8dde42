using System.Runtime.CompilerServices;

namespace Distilabel.Data.Exports;

/// <summary>
/// SFT examples from rated generations, as a row stream: the best generation per prompt (the first of equal
/// ratings; null ratings ignored) as <c>prompt</c>, <c>prompt_id</c> (SHA-256 hex of the prompt) and <c>messages</c>
/// (system prompt if any, user prompt, assistant answer).
/// </summary>
public static class SftExport
{
    /// <summary>Write options that give <c>messages</c> its Parquet type (a list of {role, content}).</summary>
    public static DatasetWriteOptions WriteOptions { get; } = new() { SourceSchema = Conversations.Schema("messages") };

    public static async IAsyncEnumerable<Row> ExportAsync(
        IAsyncEnumerable<Row> rows, PreferenceExportOptions? options = null, PreferenceExportSummary? summary = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new PreferenceExportOptions();
        summary ??= new PreferenceExportSummary();
        await foreach (var (prompt, reason) in RatedPrompts.ReadAsync(rows, options, cancellationToken).ConfigureAwait(false))
        {
            summary.Rows++;
            if (prompt is null || prompt.Responses.Count == 0)
            {
                summary.Skip(reason ?? "no rated generation");
                continue;
            }

            var best = prompt.Responses[prompt.Best()];
            summary.Written++;
            yield return new Row(3)
            {
                ["prompt"] = prompt.Prompt,
                ["prompt_id"] = PromptId.Of(prompt.Prompt),
                ["messages"] = Conversations.Whole(prompt.System, prompt.Prompt, best.Text),
            };
        }
    }
}
