namespace Distilabel.Data.Exports;

/// <summary>The columns of a preference export.</summary>
public enum PreferenceFormat
{
    /// <summary>distilabel 1.x / <c>ultrafeedback_binarized</c>: <c>prompt</c> (text), <c>prompt_id</c>, <c>chosen</c> and
    /// <c>rejected</c> as whole conversations (system prompt if any, user prompt, assistant answer), models and ratings.</summary>
    Distilabel,

    /// <summary>TRL's explicit-prompt conversational form: <c>prompt</c> = the system and user messages, <c>chosen</c>
    /// and <c>rejected</c> = the assistant message alone; the same id, model and rating columns.</summary>
    Trl,
}
