using Distilabel.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Distilabel.Generators.Models
{
    /// <summary>A diagnostic as plain values (a <see cref="Diagnostic"/> holds a syntax tree and would break caching).</summary>
    /// <param name="DescriptorKey">The descriptor's field name in <see cref="DiagnosticDescriptors"/> (an id may have several messages).</param>
    internal sealed record DiagnosticInfo(string DescriptorKey, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
            => new DiagnosticInfo(DiagnosticDescriptors.NameOf(descriptor), LocationInfo.From(location), arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic()
        {
            var args = new object[Arguments.Count];
            for (var i = 0; i < args.Length; i++)
                args[i] = Arguments[i];
            return Diagnostic.Create(DiagnosticDescriptors.ByKey(DescriptorKey), Location?.ToLocation(), args);
        }
    }

    /// <summary>A source location as plain values.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
            => location is null || !location.IsInSource
                ? null
                : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }
}
