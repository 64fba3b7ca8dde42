using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Distilabel.Data;
using Distilabel.Pipeline;
using Distilabel.Tasks;
using Distilabel.Tests.Data;
using Distilabel.Testing.Llms;

namespace Distilabel.Tests.Pipeline;

/// <summary>End to end: a pipeline with a generator writes its list columns (generations, per-generation ratings)
/// to JSON Lines and Parquet, and they read back exactly.</summary>
public partial class GeneratorOutputFilesTests
{
    [Theory]
    [InlineData("labelled.jsonl")]
    [InlineData("labelled.parquet")]
    public async Task Generation_lists_and_rating_lists_survive_jsonl_and_parquet(string name)
    {
        var generated = new ConcurrentDictionary<string, int>();
        var generator = new UserMessageChatClient(
            (user, _) =>
            {
                var k = generated.AddOrUpdate(user, 1, (_, n) => n + 1);
                if (user == "question 2" && k == 2)
                    throw new InvalidOperationException("the generator gave up"); // generations: [text, null]
                return Task.FromResult($"answer {k} to {user}");
            },
            model: "gen-model");
        var labeller = new UserMessageChatClient((user, _) =>
        {
            var match = AnswerPattern().Match(user);
            var k = int.Parse(match.Groups[1].Value);
            var question = int.Parse(match.Groups[2].Value);

            // The second generation of odd questions gets an out-of-range correctness: a null rating.
            var correctness = k == 2 && question % 2 == 1 ? 9 : (question + k) % 5;
            return Task.FromResult(
                $"<correctness>{correctness}</correctness><coherence>4</coherence><complexity>{k}</complexity><verbosity>2</verbosity><helpfulness>3</helpfulness>");
        });
        var pipeline = LabellingPipeline.For<HelpSteer>(labeller, generators: [new ResponseGenerator(generator, NumGenerations: 2)]);
        var input = Enumerable.Range(0, 5)
            .Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["prompt"] = $"question {i}", ["id"] = (long)i })
            .ToList();

        var labelled = await pipeline.RunAsync(input);

        using var dir = new TempDirectory();
        var path = dir.File(name);
        await using (var writer = DatasetFiles.CreateWriter(path))
        {
            foreach (var row in labelled)
                await writer.WriteAsync(row.Values);
            await writer.CompleteAsync();
        }

        var back = await DatasetFiles.ReadAsync(path).ToListAsync();

        Assert.Equal(5, back.Count);
        for (var i = 0; i < 5; i++)
        {
            var expected = labelled[i].Values;
            RowAssert.Equal(expected, back[i]);
            Assert.Equal((IEnumerable<string?>)expected["generations"]!, Assert.IsAssignableFrom<IReadOnlyList<string>>(back[i]["generations"]));
            Assert.Equal((IEnumerable<string?>)expected["generation_models"]!, Assert.IsAssignableFrom<IReadOnlyList<string>>(back[i]["generation_models"]));
            Assert.Equal((IEnumerable<string?>)expected["raw_generation_responses"]!, Assert.IsAssignableFrom<IReadOnlyList<string>>(back[i]["raw_generation_responses"]));
            var correctness = Assert.IsAssignableFrom<IReadOnlyList<long?>>(back[i]["correctness"]);
            Assert.Equal(2, correctness.Count);
            Assert.Equal((IEnumerable<long?>)expected["correctness"]!, correctness);
        }

        // The cases that matter are really there: a failed generation (null text, null rating) and a null rating
        // next to a present one (generations may finish in either order).
        Assert.Equal([null, "answer 1 to question 2"], ((IReadOnlyList<string>)back[2]["generations"]!).Order(StringComparer.Ordinal));
        Assert.Equal([null, 3], ((IReadOnlyList<long?>)back[2]["correctness"]!).Order());
        Assert.Equal([null, 2], ((IReadOnlyList<long?>)back[1]["correctness"]!).Order());
        Assert.Equal([1, 2], ((IReadOnlyList<long?>)back[0]["correctness"]!).Order());
        Assert.Equal(["gen-model", "gen-model"], (IReadOnlyList<string>)back[3]["generation_models"]!);
        Assert.Contains(back, r => r["labelling_error"] is null);
    }

    [GeneratedRegex(@"answer (\d) to question (\d)")]
    private static partial Regex AnswerPattern();
}
