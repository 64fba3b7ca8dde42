using Distilabel.Tasks.Library;
using Microsoft.Extensions.AI;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>text-generation: the instruction as the user message, the row's system prompt if any, the whole answer out.</summary>
public class TextGenerationTests
{
    [Fact]
    public void The_row_s_system_prompt_is_the_system_message_and_none_is_sent_without_one()
    {
        var definition = LlmTaskRegistry.Get("text-generation");
        var plain = definition.BuildPrompt(definition.FromRow(new Dictionary<string, object?> { ["instruction"] = "Say hi." }));
        Assert.Equal(ChatRole.User, Assert.Single(plain).Role);
        Assert.Equal("Say hi.", plain[0].Text);

        var withSystem = definition.BuildPrompt(definition.FromRow(new Dictionary<string, object?> { ["instruction"] = "Say hi.", ["system_prompt"] = "Be brief." }));
        Assert.Equal([ChatRole.System, ChatRole.User], withSystem.Select(m => m.Role));
        Assert.Equal("Be brief.", withSystem[0].Text);
    }

    [Fact]
    public void The_whole_answer_is_the_generation_and_there_is_no_grammar()
    {
        var task = new TextGeneration { Instruction = "x" };
        Assert.Equal("<b>Hi</b>: there\n\nTwo paragraphs.", task.ParseOutput("<b>Hi</b>: there\n\nTwo paragraphs.").Generation);
        Assert.Null(task.ParseOutput("").Generation);
        Assert.Equal("", task.BuildOutputGrammar());
        Assert.Equal("", TextGeneration.OutputGrammar);
        Assert.Equal(["instruction", "system_prompt"], TextGeneration.Descriptor.Inputs.Select(i => i.Name));
        Assert.False(TextGeneration.Descriptor.Inputs[1].IsRequired);
    }
}
