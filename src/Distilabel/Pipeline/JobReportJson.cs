using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Distilabel.Pipeline;

/// <summary>Writes a <see cref="JobReport"/> as JSON, for scripts and CI.</summary>
internal static class JobReportJson
{
    public static string Write(JobReport report)
    {
        var result = report.Result;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("exit_code", (int)report.Status);
            json.WriteString("status", report.Status.ToString());
            json.WriteBoolean("completed", result.Completed);
            json.WriteString("output", result.Completed ? Path.GetFullPath(result.OutputPath) : null);
            json.WriteNumber("total_rows", result.TotalRows);
            json.WriteNumber("rows", result.Rows);
            json.WriteNumber("labelled", result.Succeeded);
            json.WriteNumber("failed", result.Failed);
            Counts(json, "failures_by_kind", result.FailuresByKind);
            json.WriteNumber("skipped_input_rows", result.SkippedInputRows);
            json.WriteNumber("input_tokens", result.InputTokens);
            json.WriteNumber("output_tokens", result.OutputTokens);
            json.WriteNumber("elapsed_seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            if (result.JournalPath is null)
            {
                json.WriteNull("journal");
            }
            else
            {
                json.WriteStartObject("journal");
                json.WriteString("path", result.JournalPath);
                json.WriteNumber("rows_at_start", result.JournalRowsAtStart);
                json.WriteNumber("rows_from_journal", result.RowsFromJournal);
                json.WriteNumber("rows_journaled", result.RowsJournaled);
                json.WriteNumber("failed_rows_asked_again", result.JournalRowsRetried);
                json.WriteNumber("rows_asked_again_input_changed", result.JournalRowsInputChanged);
                json.WriteNumber("rows_asked_again_damaged", result.JournalRowsDamaged);
                json.WriteEndObject();
            }

            if (report.Cache is not { } cache)
            {
                json.WriteNull("cache");
            }
            else
            {
                json.WriteStartObject("cache");
                json.WriteString("path", cache.Path);
                json.WriteNumber("hits", cache.Hits);
                json.WriteNumber("misses", cache.Misses);
                json.WriteEndObject();
            }

            json.WriteStartObject("retries");
            json.WriteNumber("total", report.Retries);
            Counts(json, "by_kind", report.RetriesByKind);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Counts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (kind, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            json.WriteNumber(kind, count);
        json.WriteEndObject();
    }
}
