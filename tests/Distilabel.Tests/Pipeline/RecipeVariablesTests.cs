using Distilabel.Pipeline.Recipes;

namespace Distilabel.Tests.Pipeline;

/// <summary>A recipe's model and base_url may name environment variables, with a default for an unset one.</summary>
public sealed class RecipeVariablesTests
{
    private static string? Env(string name) => name switch
    {
        "SHARED" => "/data/shared",
        "EMPTY" => "",
        _ => null,
    };

    [Theory]
    [InlineData("${SHARED:-../shared}/models/m.gguf", "/data/shared/models/m.gguf")]
    [InlineData("${MISSING:-../shared}/models/m.gguf", "../shared/models/m.gguf")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("http://${MISSING:-localhost}:8000/v1", "http://localhost:8000/v1")]
    [InlineData("plain/model.gguf", "plain/model.gguf")]
    [InlineData("$SHARED stays", "$SHARED stays")]
    public void Variables_are_replaced_by_their_value_or_their_default(string value, string expected)
        => Assert.Equal(expected, RecipeVariables.Expand(value, "step 1 (generate)", Env));

    [Fact]
    public void An_unset_variable_without_a_default_names_the_step_and_the_variable()
    {
        var error = Assert.Throws<RecipeException>(() => RecipeVariables.Expand("${MISSING}/m.gguf", "step 2 (label)", Env));
        Assert.Equal("step 2 (label): the environment variable MISSING is not set (write ${MISSING:-default} to give a default)", error.Message);
    }
}
