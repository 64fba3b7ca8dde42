using System.Collections;
using System.Reflection;
using Distilabel.Generators.Helpers;
using Distilabel.Generators.Models;
using Distilabel.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Distilabel.Generators.Tests;

/// <summary>
/// The generator's models hold plain values only (dotnet/runtime's
/// <c>SourceGenModelDoesNotEncapsulateSymbolsOrCompilationData</c>): a symbol, compilation or syntax node in a
/// model would keep whole compilations alive and make every step compare unequal, defeating caching.
/// </summary>
public class ModelTests
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel), typeof(Location),
        typeof(Diagnostic), typeof(AttributeData), typeof(SyntaxReference), typeof(SyntaxToken), typeof(SyntaxTrivia),
        typeof(ITypeSymbol), typeof(GeneratorAttributeSyntaxContext),
    ];

    /// <summary>
    /// Roslyn types a model may hold whole: immutable, compared by value, free of symbols and syntax
    /// (a <see cref="DiagnosticDescriptor"/> holds only its id, texts, category and severity).
    /// </summary>
    private static readonly Type[] Values = [typeof(DiagnosticDescriptor)];

    private static bool IsForbidden(Type type) => Forbidden.Any(f => f.IsAssignableFrom(type));

    [Fact]
    public void Parse_step_outputs_hold_no_symbols_or_compilation_data()
    {
        var broken = """
            using Distilabel;
            namespace Samples;
            [LlmTask(Name = "bad name")]
            public partial record Broken([Input] string Text, string Extra)
            {
                [Rating(5, 1)] public int? Score { get; init; }
                [Output] public int Why { get; init; }
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation([.. TaskSources.All.Values, broken]);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        var outputs = result.TrackedSteps["Parse"].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Equal(TaskSources.All.Count + 1, outputs.Count);
        Assert.Contains(outputs, o => o is ParseResult { Model: null, Diagnostics.Count: > 0 });
        Assert.Contains(outputs, o => o is ParseResult { Model: not null });

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var output in outputs)
            WalkObject(output, "Parse", visited);
        Assert.True(visited.Count > 50, $"the walk saw only {visited.Count} objects");

        foreach (var step in new[] { "Model", "Diagnostics" })
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
                WalkObject(output.Value, step, visited);
        }
    }

    [Fact]
    public void Model_types_cannot_hold_symbols_or_compilation_data()
    {
        var seen = new HashSet<Type>();
        WalkType(typeof(ParseResult), "ParseResult", seen);
        Assert.Contains(typeof(TaskModel), seen);
        Assert.Contains(typeof(InputModel), seen);
        Assert.Contains(typeof(OutputModel), seen);
        Assert.Contains(typeof(DiagnosticInfo), seen);
        Assert.Contains(typeof(LocationInfo), seen);
        Assert.Contains(typeof(DiagnosticDescriptor), seen);
        Assert.Contains(typeof(ContainingTypeModel), seen);
    }

    [Fact]
    public void Every_model_type_has_value_equality()
    {
        var models = typeof(LlmTaskGenerator).Assembly.GetTypes()
            .Where(t => t.Namespace == "Distilabel.Generators.Models" && t.IsClass && !t.IsAbstract && !t.Name.StartsWith('<'))
            .ToList();
        Assert.NotEmpty(models);
        foreach (var model in models)
            Assert.True(typeof(IEquatable<>).MakeGenericType(model).IsAssignableFrom(model), $"{model.Name} is not IEquatable<{model.Name}>");
    }

    [Fact]
    public void Equal_declarations_give_equal_models()
    {
        ParseResult ParseOnce() => (ParseResult)GeneratorHarness.CreateDriver()
            .RunGenerators(GeneratorHarness.CreateCompilation(TaskSources.CustomNames))
            .GetRunResult().Results.Single().TrackedSteps["Parse"].Single().Outputs.Single().Value;

        var a = ParseOnce();
        var b = ParseOnce();
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    /// <summary>
    /// The models keep <see cref="DiagnosticDescriptor"/>s themselves, which caches only because Roslyn compares them by
    /// value: an equal copy is equal, and DLB0014's two messages stay two descriptors.
    /// </summary>
    [Fact]
    public void Diagnostic_descriptors_in_models_compare_by_value()
    {
        var original = DiagnosticDescriptors.GenericTask;
        var copy = new DiagnosticDescriptor(original.Id, original.Title, original.MessageFormat, original.Category, original.DefaultSeverity, original.IsEnabledByDefault);
        Assert.Equal(original, copy);
        Assert.Equal(original.GetHashCode(), copy.GetHashCode());
        Assert.Equal(original.Id, DiagnosticDescriptors.GenericContainingType.Id);
        Assert.NotEqual(original, DiagnosticDescriptors.GenericContainingType);

        var location = new LocationInfo("/src/Task0.cs", new Microsoft.CodeAnalysis.Text.TextSpan(3, 4), default);
        Assert.Equal(
            new DiagnosticInfo(original, location, new[] { "Task" }.ToEquatableArray()),
            new DiagnosticInfo(copy, location with { }, new[] { "Task" }.ToEquatableArray()));
    }

    private static void WalkObject(object? value, string path, HashSet<object> visited)
    {
        if (value is null)
            return;
        var type = value.GetType();
        Assert.False(IsForbidden(type), $"{path} holds a {type.FullName}");
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal || Values.Contains(type))
            return;
        if (!type.IsValueType && !visited.Add(value))
            return;

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
                WalkObject(item, $"{path}[{i++}]", visited);
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                WalkObject(field.GetValue(value), path + "." + field.Name, visited);
        }
    }

    private static void WalkType(Type type, string path, HashSet<Type> seen)
    {
        Assert.False(IsForbidden(type), $"{path} is a {type.FullName}");
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || !seen.Add(type) || Values.Contains(type))
            return;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            WalkType(underlying, path, seen);
            return;
        }

        if (type.IsArray)
        {
            WalkType(type.GetElementType()!, path + "[]", seen);
            return;
        }

        // A field of type object or of an interface could hold anything: a model must not have one.
        Assert.False(type == typeof(object) || type.IsInterface || type.IsAbstract, $"{path} has the open type {type.FullName}");
        foreach (var argument in type.GetGenericArguments())
            WalkType(argument, $"{path}<{argument.Name}>", seen);
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                WalkType(field.FieldType, path + "." + field.Name, seen);
        }
    }
}
