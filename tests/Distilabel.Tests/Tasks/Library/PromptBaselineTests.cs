using Distilabel.Tasks.Library;

namespace Distilabel.Tests.Tasks.Library;

/// <summary>Each library task's prompt and grammar, per mode and aspect, as reviewed text (Baselines/).</summary>
public class PromptBaselineTests
{
    private static readonly string[] TwoAnswers = ["Paris is the capital of France.", "The capital of France is Lyon."];

    [Fact]
    public void Text_generation_with_and_without_a_system_prompt()
    {
        var plain = new TextGeneration { Instruction = "Write a haiku about rain." };
        PromptBaseline.Verify("text-generation", plain.BuildPrompt(), plain.BuildOutputGrammar());
        var system = plain with { SystemPromptText = "You are a poet." };
        PromptBaseline.Verify("text-generation.system", system.BuildPrompt(), system.BuildOutputGrammar());
    }

    [Theory]
    [InlineData("overall-rating")]
    [InlineData("helpfulness")]
    [InlineData("honesty")]
    [InlineData("instruction-following")]
    [InlineData("truthfulness")]
    public void Ultrafeedback_per_aspect(string aspect)
    {
        var task = new UltraFeedback { Instruction = "What is the capital of France?", Generations = TwoAnswers, Aspect = aspect };
        PromptBaseline.Verify("ultrafeedback." + aspect, task.BuildPrompt(), task.BuildOutputGrammar());
    }

    [Fact]
    public void Judgelm()
    {
        var task = new JudgeLm { Instruction = "What is the capital of France?", Generations = TwoAnswers };
        PromptBaseline.Verify("judgelm", task.BuildPrompt(), task.BuildOutputGrammar());
    }

    [Fact]
    public void Prometheus_absolute_with_a_reference_and_relative_without()
    {
        var absolute = new Prometheus { Instruction = "What is the capital of France?", Generation = TwoAnswers[1], Reference = "Paris.", Rubric = "factual-validity" };
        PromptBaseline.Verify("prometheus.absolute", absolute.BuildPrompt(), absolute.BuildOutputGrammar());
        var relative = new Prometheus { Instruction = "What is the capital of France?", Generations = TwoAnswers, Mode = "relative" };
        PromptBaseline.Verify("prometheus.relative", relative.BuildPrompt(), relative.BuildOutputGrammar());
    }
}
