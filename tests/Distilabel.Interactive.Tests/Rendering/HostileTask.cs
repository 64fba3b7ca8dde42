namespace Distilabel.Interactive.Tests.Rendering;

/// <summary>A task whose every text is markup, to prove the task view escapes it.</summary>
[LlmTask(
    Name = "hostile",
    Description = "Judge <img src=x onerror=\"window.__pwned=2\"> & friends",
    Guidelines = "javascript:alert('pwned')",
    SystemPrompt = "Rate the text. <script>window.__pwned=1</script> \"quoted\" & 'single'")]
public partial record HostileTask
{
    [Input] public required string Text { get; init; }

    [Rating(1, 5, Description = "<b>score</b> & \"more\"")]
    public int? Score { get; init; }

    [Output(Description = "<i>why</i>")]
    public string? Reason { get; init; }
}
