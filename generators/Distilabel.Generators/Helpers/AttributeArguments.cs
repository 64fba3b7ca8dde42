using System.Linq;
using Microsoft.CodeAnalysis;

namespace Distilabel.Generators.Helpers
{
    /// <summary>Reads the DSL's attributes: named arguments, presence.</summary>
    internal static class AttributeArguments
    {
        /// <summary>The string set by <c>Name = …</c> on the attribute, or null.</summary>
        public static string? NamedString(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name)
                    return argument.Value.Value as string;
            }

            return null;
        }

        /// <summary>The int set by <c>Name = …</c> on the attribute, or null.</summary>
        public static int? NamedInt(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Value is int value)
                    return value;
            }

            return null;
        }

        /// <summary>Whether <paramref name="symbol"/> carries the attribute of that full name.</summary>
        public static bool HasAttribute(ISymbol symbol, string attributeName)
            => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);
    }
}
