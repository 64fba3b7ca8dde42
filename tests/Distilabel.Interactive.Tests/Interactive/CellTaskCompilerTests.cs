namespace Distilabel.Interactive.Tests.Interactive;

public class CellTaskCompilerTests
{
    private const string Valid = """
        namespace Compiled;

        [LlmTask(Name = "compiled_judge")]
        public partial record CompiledJudge
        {
            [Input] public required string Text { get; init; }
            [Rating(0, 4)] public int? Score { get; init; }
            [Output] public string? Reason { get; init; }
        }
        """;

    [Fact]
    public void Valid_source_gives_an_assembly_and_the_task_names()
    {
        var directory = Directory.CreateTempSubdirectory("dlb-cell-").FullName;
        try
        {
            var result = CellTaskCompiler.Compile(Valid, directory);

            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            Assert.True(File.Exists(result.AssemblyPath));
            Assert.Equal(["global::Compiled.CompiledJudge"], result.TaskTypeNames);
            Assert.StartsWith("Distilabel.CellTasks.", result.AssemblyName);
            Assert.Empty(result.Diagnostics);

            var again = CellTaskCompiler.Compile(Valid, directory);
            Assert.Equal(result.AssemblyPath, again.AssemblyPath);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Generator_diagnostics_come_with_their_line_in_the_cell()
    {
        var result = CellTaskCompiler.Compile("""
            [LlmTask]
            public partial record NoOutputs
            {
                [Input] public required string Text { get; init; }
            }

            [LlmTask]
            public partial record Reversed
            {
                [Input] public required string Text { get; init; }
                [Rating(4, 0)] public int? Score { get; init; }
            }
            """);

        Assert.False(result.Success);
        Assert.Null(result.AssemblyPath);
        Assert.Collection(
            result.Diagnostics,
            d => Assert.Equal(("DLB0003", "error", 2), (d.Id, d.Severity, d.Line)),
            d => Assert.Equal(("DLB0004", "error", 11), (d.Id, d.Severity, d.Line)));
    }
}
