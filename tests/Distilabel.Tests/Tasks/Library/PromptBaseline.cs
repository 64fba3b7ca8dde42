using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>
/// The exact prompt of a library task, kept as a file in Baselines/ (role headers, then each message's text). Set
/// DISTILABEL_UPDATE_BASELINES=1 to rewrite them from the current prompts, then review the diff.
/// </summary>
internal static class PromptBaseline
{
    public static void Verify(string name, IList<ChatMessage> prompt, string grammar, [CallerFilePath] string callerFile = "")
    {
        var actual = string.Join("\n", prompt.Select(m => "=== " + m.Role.Value + " ===\n" + m.Text)) + "\n=== grammar ===\n" + grammar;
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", name + ".txt");
        if (Environment.GetEnvironmentVariable("DISTILABEL_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, actual + "\n");
            return;
        }

        Assert.True(File.Exists(path), $"Baseline {path} is missing: run the tests once with DISTILABEL_UPDATE_BASELINES=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd('\n'), actual.TrimEnd('\n'));
    }
}
