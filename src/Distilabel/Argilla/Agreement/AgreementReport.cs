using System.Text.Json;
using Distilabel.Rendering;

namespace Distilabel.Argilla.Agreement;

/// <summary>AI-versus-human agreement of every rating output of a task (see <see cref="RatingAgreement"/>).</summary>
/// <param name="Task">The task.</param>
/// <param name="Records">Records read.</param>
/// <param name="RecordsAnswered">Records at least one annotator answered.</param>
/// <param name="Ratings">One entry per rating output, in the task's order.</param>
public sealed record AgreementReport(string Task, long Records, long RecordsAnswered, IReadOnlyList<RatingAgreement> Ratings)
{
    /// <summary>Whether any rating has a pair to compare.</summary>
    public bool HasPairs => Ratings.Any(r => r.Pairs > 0);

    /// <summary>The report of pulled rows (<see cref="ArgillaPulledDataset"/> columns), read once.</summary>
    public static AgreementReport Compute(LlmTaskDescriptor task, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var calculator = new AgreementCalculator(task);
        foreach (var row in rows)
            calculator.Add(row);
        return calculator.Report();
    }

    /// <summary>The report as indented JSON (snake_case, nulls written).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("task", Task);
            w.WriteNumber("records", Records);
            w.WriteNumber("records_answered", RecordsAnswered);
            w.WriteStartArray("ratings");
            foreach (var r in Ratings)
            {
                w.WriteStartObject();
                w.WriteString("output", r.Output);
                w.WriteNumber("min", r.Min);
                w.WriteNumber("max", r.Max);
                w.WriteNumber("pairs", r.Pairs);
                Number(w, "exact_agreement", r.ExactAgreement);
                Number(w, "within_one", r.WithinOne);
                Number(w, "mean_absolute_difference", r.MeanAbsoluteDifference);
                Number(w, "quadratic_weighted_kappa", r.QuadraticKappa);
                w.WriteString("quadratic_weighted_kappa_note", r.QuadraticKappaNote);
                Number(w, "spearman", r.Spearman);
                w.WriteString("spearman_note", r.SpearmanNote);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The HTML table for notebooks (see <see cref="HtmlRenderer.Agreement"/>).</summary>
    public string ToHtml() => HtmlRenderer.Agreement(this);

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, Math.Round(v, 6));
        else
            w.WriteNull(name);
    }
}
