using System.IO.Hashing;
using System.Text;
using Distilabel.Testing.OpenAI;

namespace Distilabel.Orleans.Tests;

/// <summary>A HelpSteer judge's answer that depends on the row only, so every server (and a single process) answers a row alike.</summary>
internal static class HelpSteerAnswers
{
    public static ScriptedResponse For(ScriptedRequest request)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(request.LastUserMessage));
        int Rating(int shift) => (int)((hash >> shift) % 5);
        return ScriptedResponse.Content(
            $"<correctness>{Rating(0)}</correctness><coherence>{Rating(3)}</coherence><complexity>{Rating(6)}</complexity><verbosity>{Rating(9)}</verbosity><helpfulness>{Rating(12)}</helpfulness>");
    }

    /// <summary>A JSONL input of <paramref name="rows"/> HelpSteer rows, each with its number in <c>id</c>.</summary>
    public static string WriteInput(string folder, int rows)
    {
        var path = Path.Combine(folder, "input.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(i => $$"""{"id":{{i}},"prompt":"question {{i}}: why is the sky blue?","response":"answer {{i}}: scattering"}"""));
        return path;
    }
}
