namespace Distilabel.Pipeline.Recipes;

/// <summary>A recipe file cannot be read or describes an impossible run; the message names the file, and the step or line.</summary>
public sealed class RecipeException(string message, Exception? inner = null) : Exception(message, inner);
