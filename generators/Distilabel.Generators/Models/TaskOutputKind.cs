namespace Distilabel.Generators.Models
{
    /// <summary>What an output holds: a rating ([Rating]) or text ([Output]).</summary>
    internal enum TaskOutputKind
    {
        Rating,
        Text,
    }
}
