namespace Distilabel.Generators.Models
{
    /// <summary>A piece of a prompt template: literal text, or the value of a member (a <c>{placeholder}</c>).</summary>
    internal sealed record PromptSegment(string Text, bool IsMember);
}
