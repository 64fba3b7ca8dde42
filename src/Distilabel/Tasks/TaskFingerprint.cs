using System.Security.Cryptography;
using System.Text;

namespace Distilabel;

/// <summary>A stable hash of a task's prompt and schema: a changed prompt never reuses old answers.</summary>
internal static class TaskFingerprint
{
    public static string Compute(LlmTaskDescriptor d)
    {
        var text = new StringBuilder()
            .Append(d.Name).Append('\n')
            .Append(d.SystemPrompt).Append('\n');
        // Only tasks with a user template add text, so the fingerprints of the others stay what they were.
        if (d.UserPrompt is not null)
            text.Append("user:").Append(d.UserPrompt).Append('\n');
        foreach (var input in d.Inputs)
            text.Append("in:").Append(input.Name).Append(':').Append(input.Type).Append('\n');
        foreach (var output in d.Outputs)
        {
            text.Append("out:").Append(output.Name).Append(':').Append(output.Kind).Append(':').Append(output.Min).Append(':').Append(output.Max);
            // Only non-default shapes add text, so fingerprints of tasks without lists stay what they were.
            if (output.Shape != LlmOutputShape.Single)
                text.Append(':').Append(output.Shape).Append(':').Append(output.ItemsOf);
            text.Append('\n');
        }

        foreach (var input in d.Inputs.Where(i => i.IsList))
            text.Append("list:").Append(input.Name).Append('\n');
        foreach (var parameter in d.Parameters)
            text.Append("param:").Append(parameter.Name).Append('=').Append(parameter.Value.Length).Append(':').Append(parameter.Value).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
