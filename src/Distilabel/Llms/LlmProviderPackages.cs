using System.Collections.Concurrent;
using System.Reflection;

namespace Distilabel.Llms;

/// <summary>
/// Finds the factory of a provider that lives in its own package: the package's assembly is loaded by name (it is
/// there when the app references the package) and names its factory with <see cref="LlmClientFactoryAttribute"/>.
/// A missing package is a configuration error that says which package to add.
/// </summary>
internal static class LlmProviderPackages
{
    private static readonly ConcurrentDictionary<LlmProvider, ILlmClientFactory> Factories = new();

    /// <summary>The package (and assembly) of each provider that is not built in.</summary>
    public static string? PackageOf(LlmProvider provider) => provider switch
    {
        LlmProvider.LlamaCpp => "Distilabel.LlamaCpp",
        _ => null,
    };

    public static ILlmClientFactory FactoryFor(LlmProvider provider)
        => Factories.GetOrAdd(provider, static p => Discover(p));

    private static ILlmClientFactory Discover(LlmProvider provider)
    {
        var package = PackageOf(provider) ?? throw new LlmConfigurationException($"Unknown LLM provider '{provider}'.");
        var assembly = Load(package) ?? throw new LlmConfigurationException(
            $"The {provider} provider runs in-process from the {package} package, which this app does not reference: "
            + $"add it (dotnet add package {package}), or use an OpenAI-compatible server.");
        var factoryType = assembly.GetCustomAttributes<LlmClientFactoryAttribute>().FirstOrDefault(a => a.Provider == provider)?.FactoryType
            ?? throw new LlmConfigurationException($"The {package} assembly names no client factory for the {provider} provider.");
        return (ILlmClientFactory)Activator.CreateInstance(factoryType)!;
    }

    private static Assembly? Load(string name)
    {
        // A notebook kernel may have loaded the package's assembly from its own folder: take that one.
        if (AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name) is { } loaded)
            return loaded;
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
