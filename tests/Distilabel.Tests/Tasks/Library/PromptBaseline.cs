using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>
/// Compares a task's chat with the checked-in <c>Baselines/&lt;name&gt;.prompt.txt</c> (each message as
/// <c>=== role ===</c> then its text). After an intended prompt change, refresh them with
/// <c>DISTILABEL_UPDATE_BASELINES=1 dotnet test tests/Distilabel.Tests --filter FullyQualifiedName~Tasks.Library</c>
/// and review the diff.
/// </summary>
internal static class PromptBaseline
{
    private const string UpdateVariable = "DISTILABEL_UPDATE_BASELINES";

    public static void Matches(string name, IList<ChatMessage> chat, [CallerFilePath] string callerFile = "")
    {
        var actual = Render(chat);
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", name + ".prompt.txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Missing baseline {path}: run the tests with {UpdateVariable}=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static string Render(IList<ChatMessage> chat)
    {
        var text = new StringBuilder();
        foreach (var message in chat)
            text.Append("=== ").Append(message.Role.Value).Append(" ===\n").Append(message.Text).Append('\n');
        return text.ToString();
    }
}
