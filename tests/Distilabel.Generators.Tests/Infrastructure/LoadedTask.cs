using System.Reflection;
using System.Runtime.ExceptionServices;
using Distilabel.Argilla;
using Microsoft.Extensions.AI;

namespace Distilabel.Generators.Tests.Infrastructure;

/// <summary>A generated task type loaded from an in-memory assembly, driven by reflection.</summary>
internal sealed class LoadedTask(Type type)
{
    public Type Type { get; } = type;

    public static LoadedTask From(System.Reflection.Assembly assembly, string fullName)
        => new(assembly.GetType(fullName, throwOnError: true)!);

    public LlmTaskDescriptor Descriptor => (LlmTaskDescriptor)GetStatic(nameof(Descriptor));

    public string OutputGrammar => (string)GetStatic(nameof(OutputGrammar));

    public string OutputJsonSchema => (string)GetStatic(nameof(OutputJsonSchema));

    public ArgillaDatasetSettings ArgillaSettings => (ArgillaDatasetSettings)GetStatic(nameof(ArgillaSettings));

    /// <summary>The runtime's type-erased view, which only exists when the type implements <c>ILlmTask&lt;TSelf&gt;</c>.</summary>
    public LlmTaskDefinition Definition
        => (LlmTaskDefinition)Invoke(typeof(LlmTaskDefinition).GetMethod(nameof(LlmTaskDefinition.Of), 1, Type.EmptyTypes)!.MakeGenericMethod(Type), null, [])!;

    public object FromRow(IReadOnlyDictionary<string, object?> row)
        => Invoke(Type.GetMethod("FromRow", BindingFlags.Public | BindingFlags.Static)!, null, [row])!;

    public IList<ChatMessage> BuildPrompt(object task) => (IList<ChatMessage>)Invoke(Method("BuildPrompt"), task, [])!;

    public object ParseOutput(object task, string output) => Invoke(Method("ParseOutput"), task, [output])!;

    public IReadOnlyDictionary<string, object?> ToRow(object task) => (IReadOnlyDictionary<string, object?>)Invoke(Method("ToRow"), task, [])!;

    public ArgillaRecord ToArgillaRecord(object task) => (ArgillaRecord)Invoke(Method("ToArgillaRecord"), task, [])!;

    public object? Get(object task, string property) => Type.GetProperty(property)!.GetValue(task);

    private object GetStatic(string property)
        => Type.GetProperty(property, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
           ?? throw new InvalidOperationException($"{Type.Name}.{property} is missing or null");

    private MethodInfo Method(string name) => Type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"{Type.Name}.{name} is missing");

    /// <summary>Invokes and rethrows the real exception (not a TargetInvocationException).</summary>
    private static object? Invoke(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
