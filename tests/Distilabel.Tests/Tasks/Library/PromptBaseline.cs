using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>
/// The exact prompt of a library task, kept as a file in Baselines/ (each message as <c>=== role ===</c> then its
/// text). After an intended prompt change, refresh them with
/// <c>DISTILABEL_UPDATE_BASELINES=1 dotnet test tests/Distilabel.Tests --filter FullyQualifiedName~Tasks.Library</c>
/// and review the diff.
/// </summary>
internal static class PromptBaseline
{
    private const string UpdateVariable = "DISTILABEL_UPDATE_BASELINES";

    /// <summary>The prompt and its grammar against <c>Baselines/&lt;name&gt;.txt</c>.</summary>
    public static void Verify(string name, IList<ChatMessage> prompt, string grammar, [CallerFilePath] string callerFile = "")
    {
        var actual = string.Join("\n", prompt.Select(m => "=== " + m.Role.Value + " ===\n" + m.Text)) + "\n=== grammar ===\n" + grammar;
        Compare(Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", name + ".txt"), actual.TrimEnd('\n') + "\n");
    }

    /// <summary>The chat alone against <c>Baselines/&lt;name&gt;.prompt.txt</c>.</summary>
    public static void Matches(string name, IList<ChatMessage> chat, [CallerFilePath] string callerFile = "")
    {
        var text = new StringBuilder();
        foreach (var message in chat)
            text.Append("=== ").Append(message.Role.Value).Append(" ===\n").Append(message.Text).Append('\n');
        Compare(Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", name + ".prompt.txt"), text.ToString());
    }

    private static void Compare(string path, string actual)
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Missing baseline {path}: run the tests with {UpdateVariable}=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd('\n'), actual.TrimEnd('\n'));
    }
}
