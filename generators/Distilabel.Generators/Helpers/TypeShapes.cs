using System.Linq;
using Microsoft.CodeAnalysis;

namespace Distilabel.Generators.Helpers
{
    /// <summary>The shapes of member types the DSL reads: lists, nullables, ratings.</summary>
    internal static class TypeShapes
    {
        private const string ReadOnlyListName = "System.Collections.Generic.IReadOnlyList<T>";

        /// <summary>The element type of an <c>IReadOnlyList&lt;T&gt;</c> (nullable or not), or null.</summary>
        public static ITypeSymbol? ReadOnlyListElement(ITypeSymbol type)
            => type is INamedTypeSymbol { TypeArguments.Length: 1 } named && named.OriginalDefinition.ToDisplayString() == ReadOnlyListName
                ? named.TypeArguments[0]
                : null;

        /// <summary>An array or any other enumerable but string: a list type the DSL does not take.</summary>
        public static bool IsCollection(ITypeSymbol type)
            => type.SpecialType != SpecialType.System_String
               && (type is IArrayTypeSymbol || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)
                   || type.SpecialType == SpecialType.System_Collections_IEnumerable);

        /// <summary><c>int?</c>: a rating list's item type.</summary>
        public static bool IsNullableInt32(ITypeSymbol type)
            => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
               && nullable.TypeArguments[0].SpecialType == SpecialType.System_Int32;

        /// <summary>A nullable reference (<c>string?</c>) or value (<c>int?</c>) type: the member may hold no value.</summary>
        public static bool IsNullable(ITypeSymbol type)
            => type.NullableAnnotation == NullableAnnotation.Annotated
               || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

        /// <summary><c>int</c> or <c>int?</c>: a single rating.</summary>
        public static bool IsInt32OrNullable(ITypeSymbol type)
            => type.SpecialType == SpecialType.System_Int32
               || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                   && nullable.TypeArguments[0].SpecialType == SpecialType.System_Int32);
    }
}
