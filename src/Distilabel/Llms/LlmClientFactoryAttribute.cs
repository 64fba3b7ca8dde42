namespace Distilabel.Llms;

/// <summary>
/// Names, on a provider package's assembly, the <see cref="ILlmClientFactory"/> (a public type with a parameterless
/// constructor) that builds <see cref="Provider"/>'s clients.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class LlmClientFactoryAttribute(LlmProvider provider, Type factoryType) : Attribute
{
    /// <summary>The provider the factory builds clients for.</summary>
    public LlmProvider Provider { get; } = provider;

    /// <summary>The factory's type.</summary>
    public Type FactoryType { get; } = factoryType;
}
