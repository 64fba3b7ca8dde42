using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Distilabel.Generators
{
    /// <summary>
    /// The members the emitter adds to every task, by name, and which user members cannot live beside them: the parser
    /// reports a clash up front (DLB0020) instead of letting the generated code fail to compile.
    /// </summary>
    internal static class GeneratedMembers
    {
        /// <summary>Whether the emitter adds a member named <paramref name="name"/>.</summary>
        public static bool IsGenerated(string name) => ByName.ContainsKey(name);

        /// <summary>Whether a user member cannot live beside the generated member of its name.</summary>
        public static bool ClashesWithGenerated(ISymbol member) => ByName.TryGetValue(member.Name, out var generated) && Clashes(member, generated);

        /// <summary>The kind of a generated member, which decides what clashes with it.</summary>
        private enum Kind
        {
            /// <summary>A property or field: any member of the same name clashes (CS0102).</summary>
            Value,

            /// <summary>A parameterless method (BuildPrompt, ToRow, ToArgillaRecord).</summary>
            ParameterlessMethod,

            /// <summary><c>ParseOutput(string)</c>.</summary>
            StringMethod,

            /// <summary><c>FromRow(IReadOnlyDictionary&lt;string, object?&gt;)</c>.</summary>
            RowMethod,

            /// <summary><c>WithParameters(IReadOnlyDictionary&lt;string, string&gt;)</c>, <c>FromParameters(…)</c>.</summary>
            ParametersMethod,
        }

        private static readonly Dictionary<string, Kind> ByName = new Dictionary<string, Kind>
        {
            ["Descriptor"] = Kind.Value,
            ["OutputGrammar"] = Kind.Value,
            ["OutputJsonSchema"] = Kind.Value,
            ["ArgillaSettings"] = Kind.Value,
            ["__DistilabelSystemPrompt"] = Kind.Value,
            ["__DistilabelInputColumns"] = Kind.Value,
            ["__DistilabelOutputColumns"] = Kind.Value,
            ["__DistilabelParameterNames"] = Kind.Value,
            ["__DistilabelParameterList"] = Kind.Value,
            ["__DistilabelBlank"] = Kind.ParameterlessMethod,
            ["__DistilabelRenderSystemPrompt"] = Kind.ParameterlessMethod,
            ["__DistilabelRenderUserPrompt"] = Kind.ParameterlessMethod,
            ["BuildOutputGrammar"] = Kind.ParameterlessMethod,
            ["GetParameters"] = Kind.ParameterlessMethod,
            ["WithParameters"] = Kind.ParametersMethod,
            ["FromParameters"] = Kind.ParametersMethod,
            ["BuildPrompt"] = Kind.ParameterlessMethod,
            ["ToRow"] = Kind.ParameterlessMethod,
            ["ToArgillaRecord"] = Kind.ParameterlessMethod,
            ["ParseOutput"] = Kind.StringMethod,
            ["FromRow"] = Kind.RowMethod,
        };

        /// <summary>
        /// Whether a user member cannot live beside the generated one: any non-method member of the name (CS0102), or a
        /// method with the generated parameter list, whatever its return type (CS0111). An overload is fine.
        /// </summary>
        private static bool Clashes(ISymbol member, Kind generated)
        {
            if (generated == Kind.Value || member is not IMethodSymbol method)
                return true;
            if (method.MethodKind != MethodKind.Ordinary || method.Arity != 0 || method.Parameters.Any(p => p.RefKind != RefKind.None))
                return false;
            switch (generated)
            {
                case Kind.ParameterlessMethod:
                    return method.Parameters.Length == 0;
                case Kind.StringMethod:
                    return method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String;
                case Kind.ParametersMethod:
                    return method.Parameters.Length == 1
                           && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 2 } values
                           && values.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>"
                           && values.TypeArguments[0].SpecialType == SpecialType.System_String
                           && values.TypeArguments[1].SpecialType == SpecialType.System_String;
                default:
                    return method.Parameters.Length == 1
                           && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 2 } row
                           && row.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>"
                           && row.TypeArguments[0].SpecialType == SpecialType.System_String
                           && (row.TypeArguments[1].SpecialType == SpecialType.System_Object || row.TypeArguments[1].TypeKind == TypeKind.Dynamic);
            }
        }
    }
}
