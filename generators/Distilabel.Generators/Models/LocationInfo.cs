using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Distilabel.Generators.Models
{
    /// <summary>A source location as plain values (a <see cref="Location"/> holds its syntax tree).</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public static LocationInfo? From(Location? location)
            => location is null || !location.IsInSource
                ? null
                : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
    }
}
