using Distilabel.Rendering;
using Distilabel.Tasks;

namespace Distilabel.Interactive.Tests.Rendering;

public class TaskRenderingTests
{
    private static readonly Dictionary<string, object?> SampleRow = new()
    {
        ["prompt"] = "What is the capital of France?",
        ["response"] = "Paris.",
    };

    [Fact]
    public void Task_with_sample_row_matches_baseline()
    {
        var html = HtmlRenderer.Task(LlmTaskDefinition.Of<HelpSteer>(), SampleRow);

        Baseline.Verify("task-helpsteer", html);
        SafeHtml.Assert(html);
    }

    [Fact]
    public void Task_view_shows_name_inputs_outputs_and_the_exact_prompt()
    {
        var definition = LlmTaskDefinition.Of<HelpSteer>();
        var html = HtmlRenderer.Task(definition, SampleRow);
        var messages = definition.BuildPrompt(definition.FromRow(SampleRow));

        Assert.Contains("LLM task <code", html);
        Assert.Contains(">helpsteer</code>", html);
        Assert.Contains(">Distilabel.Tasks.HelpSteer</span>", html);
        Assert.Contains("<a href=\"https://huggingface.co/datasets/nvidia/HelpSteer\" target=\"_blank\" rel=\"noopener noreferrer\">https://huggingface.co/datasets/nvidia/HelpSteer</a>", html);
        Assert.Contains(">rating</td><td style=\"" + "border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top;white-space:pre-wrap;word-break:break-word;max-width:420px;" + "\">0–4</td>", html);
        Assert.Contains("Prompt for the sample row (2 messages)", html);
        Assert.Equal(2, messages.Count);
        foreach (var message in messages)
            Assert.Contains(">" + Html.Encode(message.Text) + "</pre>", html);
        Assert.Contains("&lt;prompt&gt;What is the capital of France?&lt;/prompt&gt;", html);
    }

    [Fact]
    public void Descriptor_view_shows_the_system_prompt()
    {
        var html = HtmlRenderer.Task(HelpSteer.Descriptor);

        Baseline.Verify("task-helpsteer-descriptor", html);
        Assert.Contains("System prompt", html);
        Assert.Contains(Html.Encode(HelpSteer.Descriptor.SystemPrompt), html);
    }

    [Fact]
    public void A_sample_row_that_does_not_fit_shows_why()
    {
        var html = HtmlRenderer.Task(LlmTaskDefinition.Of<HelpSteer>(), new Dictionary<string, object?> { ["prompt"] = "<b>only</b> a prompt" });

        SafeHtml.Assert(html);
        Assert.Contains("The sample row does not fit the task: task &#39;helpsteer&#39;, column &#39;response&#39;: is missing (the row has: prompt)", html);
    }

    [Fact]
    public void Task_text_is_escaped_everywhere()
    {
        var html = HtmlRenderer.Task(LlmTaskDefinition.Of<HostileTask>(), new Dictionary<string, object?> { ["text"] = Fixtures.ScriptPayload + Fixtures.ImgPayload });

        Baseline.Verify("task-hostile", html);
        SafeHtml.Assert(html);
        Assert.Contains("Judge &lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &amp; friends", html);
        Assert.Contains("Rate the text. &lt;script&gt;window.__pwned=1&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;", html);
        Assert.Contains("&lt;b&gt;score&lt;/b&gt; &amp; &quot;more&quot;", html);
        Assert.Contains("&lt;text&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;&lt;/text&gt;", html);
        // javascript: guidelines are text, never a link.
        Assert.Contains("javascript:alert(&#39;pwned&#39;)", html);
        Assert.DoesNotContain("href", html);
    }
}
