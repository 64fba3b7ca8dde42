using Distilabel.Rendering;
using Microsoft.DotNet.Interactive.Events;

namespace Distilabel.Interactive.Tests.Interactive;

[Collection(KernelCollection.Name)]
public sealed class LlmTaskCellTests
{
    [Fact]
    public async Task A_task_declared_in_a_cell_is_usable_in_the_next_cell()
    {
        using var kernel = await TestKernel.CreateAsync();

        var declared = await kernel.SubmitSuccessfullyAsync("""
            #!llm-task
            namespace Notebook.Tasks;

            [LlmTask(Name = "cell_judge", Description = "Rates <b>text</b> from 1 to 5.")]
            public partial record CellJudge
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5, Description = "Overall quality.")] public int? Score { get; init; }
            }
            """);

        var shown = Assert.Single(declared.DisplayedHtml());
        Assert.Equal(HtmlRenderer.Task(LlmTaskRegistry.Get("cell_judge")), shown);
        Assert.Contains("Rates &lt;b&gt;text&lt;/b&gt; from 1 to 5.", shown);

        var name = await kernel.SubmitSuccessfullyAsync("Notebook.Tasks.CellJudge.Descriptor.Name");
        Assert.Equal("cell_judge", name.ReturnValue());

        var parsed = await kernel.SubmitSuccessfullyAsync("""
            var judge = new Notebook.Tasks.CellJudge { Text = "hello" };
            (judge.BuildPrompt()[1].Text, judge.ParseOutput("<score>4</score>").Score, LlmTaskRegistry.Get("cell_judge").TaskType == typeof(Notebook.Tasks.CellJudge))
            """);
        var (prompt, score, sameType) = Assert.IsType<(string, int?, bool)>(parsed.ReturnValue());
        Assert.Equal("<text>hello</text>", prompt);
        Assert.Equal(4, score);
        Assert.True(sameType);
    }

    [Fact]
    public async Task A_wrong_declaration_shows_the_generator_diagnostic_and_loads_nothing()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitAsync("""
            #!llm-task
            [LlmTask(Name = "bad_judge")]
            public partial record BadJudge
            {
                [Input] public required string Text { get; init; }
                [Rating(5, 1)] public int? Score { get; init; }
            }
            """);

        var failed = Assert.Single(result.Events.OfType<CommandFailed>());
        Assert.Contains("DLB0004", failed.Message);
        var html = Assert.Single(result.DisplayedHtml());
        SafeHtml.Assert(html);
        Assert.Contains(">DLB0004</code>", html);
        Assert.Contains("[Rating(5, 1)] on &#39;Score&#39;: the minimum 5 is greater than the maximum 1", html);
        Assert.True(html.Contains(">6:"), html); // the line in the cell, counting the #!llm-task line
        Assert.Null(LlmTaskRegistry.Find("bad_judge"));

        var next = await kernel.SubmitAsync("BadJudge.Descriptor.Name");
        Assert.NotEmpty(next.Events.OfType<CommandFailed>());
    }

    [Fact]
    public async Task Redeclaring_a_loaded_task_with_other_code_fails_clearly_and_keeps_the_first()
    {
        using var kernel = await TestKernel.CreateAsync();
        const string first = """
            #!llm-task
            namespace Redeclared;
            [LlmTask(Name = "redeclared")]
            public partial record Judge
            {
                [Input] public required string Text { get; init; }
                [Rating(1, 5)] public int? Score { get; init; }
            }
            """;
        await kernel.SubmitSuccessfullyAsync(first);
        await kernel.SubmitSuccessfullyAsync(first); // running the same cell again is fine

        var changed = await kernel.SubmitAsync(first.Replace("Rating(1, 5)", "Rating(1, 10)", StringComparison.Ordinal));

        Assert.Contains("'Redeclared.Judge' was already loaded by an earlier #!llm-task cell", Assert.Single(changed.Events.OfType<CommandFailed>()).Message);
        var max = await kernel.SubmitSuccessfullyAsync("Redeclared.Judge.Descriptor.Outputs[0].Max");
        Assert.Equal(5, max.ReturnValue());
    }

    [Fact]
    public async Task A_syntax_error_is_shown_escaped()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitAsync("""
            #!llm-task
            [LlmTask] public partial record Broken { [Input] public required string Text { get; init; } <b> }
            """);

        Assert.Single(result.Events.OfType<CommandFailed>());
        var html = Assert.Single(result.DisplayedHtml());
        SafeHtml.Assert(html);
        Assert.Contains(">CS1519</code>", html);
        Assert.Contains("Invalid token &#39;&lt;&#39; in a member declaration", html);
    }

    [Fact]
    public async Task A_cell_without_tasks_fails()
    {
        using var kernel = await TestKernel.CreateAsync();

        var result = await kernel.SubmitAsync("#!llm-task\npublic record NotATask(string Text);");

        Assert.Contains("declares no [LlmTask]", Assert.Single(result.Events.OfType<CommandFailed>()).Message);
    }
}
