using System.Linq;
using Distilabel.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace Distilabel.Generators.Models
{
    /// <summary>
    /// A diagnostic as plain values: a <see cref="Diagnostic"/> holds a syntax tree and would break caching, while a
    /// <see cref="DiagnosticDescriptor"/> is immutable and compares by value, so the model keeps the descriptor itself.
    /// </summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
            => new DiagnosticInfo(descriptor, LocationInfo.From(location), arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic()
            => Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.Cast<object>().ToArray());
    }
}
