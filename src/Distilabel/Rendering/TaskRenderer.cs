using System.Globalization;
using Microsoft.Extensions.AI;

namespace Distilabel.Rendering;

/// <summary>Draws a task: name, description, guidelines, inputs, outputs and the exact prompt for a sample row.</summary>
internal static class TaskRenderer
{
    public static string Render(LlmTaskDescriptor descriptor, LlmTaskDefinition? definition, IReadOnlyDictionary<string, object?>? sampleRow)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var h = new HtmlBuilder();
        h.Open("div", Styles.Root, ("role", "region"), ("aria-label", "LLM task " + descriptor.Name));
        h.Open("div", Styles.Title).Text("LLM task ").Element("code", Styles.Code, descriptor.Name).Text(" ");
        h.Element("span", Styles.Muted + "font-weight:400;", descriptor.TypeName).Close("div");
        if (!string.IsNullOrWhiteSpace(descriptor.Description))
            h.Element("div", "margin:2px 0 6px 0;", descriptor.Description);

        if (!string.IsNullOrWhiteSpace(descriptor.Guidelines))
        {
            h.Open("div").Element("span", Styles.Muted, "Guidelines: ");
            WriteLinkOrText(h, descriptor.Guidelines);
            h.Close("div");
        }

        h.Open("div").Element("span", Styles.Muted, "Fingerprint: ").Element("code", Styles.Code, descriptor.Fingerprint).Close("div");

        h.Element("div", Styles.Section, "Inputs");
        h.Open("table", Styles.Table).Open("tr");
        foreach (var header in new[] { "column", "property", "type", "required" })
            h.Element("th", Styles.Th, header);
        h.Close("tr");
        foreach (var input in descriptor.Inputs)
        {
            h.Open("tr");
            h.Open("td", Styles.Td).Element("code", Styles.Code, input.Name).Close("td");
            h.Element("td", Styles.Td, input.PropertyName);
            h.Element("td", Styles.Td, TypeName(input.Type));
            h.Element("td", Styles.Td, input.IsRequired ? "yes" : "no");
            h.Close("tr");
        }

        h.Close("table");

        h.Element("div", Styles.Section, "Outputs");
        h.Open("table", Styles.Table).Open("tr");
        foreach (var header in new[] { "column", "property", "kind", "range", "description" })
            h.Element("th", Styles.Th, header);
        h.Close("tr");
        foreach (var output in descriptor.Outputs)
        {
            h.Open("tr");
            h.Open("td", Styles.Td).Element("code", Styles.Code, output.Name).Close("td");
            h.Element("td", Styles.Td, output.PropertyName);
            h.Element("td", Styles.Td, output.Kind == LlmOutputKind.Rating ? "rating" : "text");
            h.Element("td", Styles.Td, Range(output));
            h.Element("td", Styles.Td, output.Description ?? "");
            h.Close("tr");
        }

        h.Close("table");

        if (definition is not null && sampleRow is not null)
            WritePrompt(h, definition, sampleRow);
        else
        {
            h.Element("div", Styles.Section, "System prompt");
            h.Element("pre", Styles.Pre, descriptor.SystemPrompt);
        }

        h.Close("div");
        return h.ToString();
    }

    private static void WritePrompt(HtmlBuilder h, LlmTaskDefinition definition, IReadOnlyDictionary<string, object?> sampleRow)
    {
        IList<ChatMessage> messages;
        try
        {
            messages = definition.BuildPrompt(definition.FromRow(sampleRow));
        }
        catch (TaskInputException e)
        {
            h.Element("div", Styles.Section, "Prompt for the sample row");
            h.Element("div", Styles.Error, "The sample row does not fit the task: " + e.Message);
            return;
        }

        h.Element("div", Styles.Section, "Prompt for the sample row (" + Html.Plural(messages.Count, "message", "messages") + ")");
        foreach (var message in messages)
        {
            h.Element("div", Styles.Role, message.Role.Value);
            h.Element("pre", Styles.Pre, message.Text);
        }
    }

    internal static void WriteLinkOrText(HtmlBuilder h, string text)
    {
        if (Html.SafeHttpUrl(text) is { } url)
            h.Element("a", null, text.Trim(), ("href", url), ("target", "_blank"), ("rel", "noopener noreferrer"));
        else
            h.Text(text);
    }

    private static string Range(LlmTaskOutput output) => output is { Kind: LlmOutputKind.Rating, Min: { } min, Max: { } max }
        ? min.ToString(CultureInfo.InvariantCulture) + "–" + max.ToString(CultureInfo.InvariantCulture)
        : "";

    private static string TypeName(LlmValueType type) => type switch
    {
        LlmValueType.String => "string",
        LlmValueType.Int32 => "int32",
        LlmValueType.Int64 => "int64",
        LlmValueType.Double => "double",
        LlmValueType.Boolean => "bool",
        _ => type.ToString(),
    };
}
