using System.ClientModel;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenAI;
using OpenAI.Chat;

namespace Distilabel.Benchmarks.Compare;

/// <summary>
/// The baseline the pipeline must beat: what a developer writes by hand without the framework. The OpenAI SDK, a
/// <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>
/// with C requests at once, a prompt by string interpolation, a regex for the five ratings, the results in an array and
/// one JSONL file written at the end. No journal, no retries, no ordering window, no progress.
/// </summary>
internal static partial class HandWrittenLoop
{
    private const string SystemPrompt = """
        You are an expert evaluator of AI assistants. You are given a prompt and a response that an assistant generated for it.
        Rate the response on five attributes, each an integer from 0 to 4 where higher is better:
        - correctness: the response is factually accurate and contains all pertinent facts, without errors.
        - coherence: the response is consistent, clear and logically organised.
        - complexity: the intellectual depth needed to write the response (0 = anyone could write it, 4 = needs deep expertise).
        - verbosity: the amount of detail relative to what the prompt asks for (0 = terse, 4 = very verbose).
        - helpfulness: the overall usefulness of the response for the prompt.
        """;

    private static readonly string[] Attributes = ["correctness", "coherence", "complexity", "verbosity", "helpfulness"];

    /// <summary>Labels every row of <paramref name="inputPath"/> (JSONL: id, prompt, response) into <paramref name="outputPath"/>.</summary>
    /// <returns>Rows whose answer lacked a rating.</returns>
    public static async Task<long> RunAsync(string baseUrl, string model, int concurrency, string inputPath, string outputPath, CancellationToken cancellationToken)
    {
        var client = new ChatClient(model, new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(baseUrl) });
        var rows = new List<InputRow>();
        foreach (var line in File.ReadLines(inputPath))
            rows.Add(JsonSerializer.Deserialize<InputRow>(line) ?? throw new InvalidDataException("empty row"));

        var results = new int?[rows.Count][];
        var raws = new string[rows.Count];
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 256, Temperature = 0 };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, rows.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var row = rows[i];
                ChatMessage[] messages =
                [
                    new SystemChatMessage(SystemPrompt),
                    new UserChatMessage($"<prompt>\n{row.Prompt}\n</prompt>\n\n<response>\n{row.Response}\n</response>\n\nAnswer with one tag per attribute, e.g. <correctness>3</correctness>."),
                ];
                ChatCompletion completion = await client.CompleteChatAsync(messages, options, ct).ConfigureAwait(false);
                var text = completion.Content[0].Text;
                var ratings = new int?[Attributes.Length];
                foreach (Match match in Rating().Matches(text))
                {
                    var slot = Array.IndexOf(Attributes, match.Groups[1].Value);
                    if (slot >= 0)
                        ratings[slot] = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                }

                results[i] = ratings;
                raws[i] = text;
            }).ConfigureAwait(false);

        long failed = 0;
        await using (var file = File.Create(outputPath))
        await using (var json = new Utf8JsonWriter(file))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("id", rows[i].Id);
                json.WriteString("prompt", rows[i].Prompt);
                json.WriteString("response", rows[i].Response);
                for (var a = 0; a < Attributes.Length; a++)
                {
                    if (results[i][a] is { } rating)
                        json.WriteNumber(Attributes[a], rating);
                    else
                        json.WriteNull(Attributes[a]);
                }

                json.WriteString("raw_labelling_response", raws[i]);
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.WriteByte((byte)'\n');
                json.Reset();
                if (Array.Exists(results[i], r => r is null))
                    failed++;
            }
        }

        return failed;
    }

    [GeneratedRegex(@"<(\w+)>\s*(\d+)\s*</\1>")]
    private static partial Regex Rating();

    private sealed record InputRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] long Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("prompt")] string Prompt,
        [property: System.Text.Json.Serialization.JsonPropertyName("response")] string Response);
}
