using Parquet.Schema;

namespace Distilabel.Data.Exports;

/// <summary>Chat messages as rows ({role, content}) and their Parquet type.</summary>
internal static class Conversations
{
    public static Row Message(string role, string content) => new(2) { ["role"] = role, ["content"] = content };

    /// <summary>The system message (when there is one) and the user prompt.</summary>
    public static object?[] Prompt(string? system, string prompt)
        => system is null ? [Message("user", prompt)] : [Message("system", system), Message("user", prompt)];

    /// <summary>System (if any), user, assistant.</summary>
    public static object?[] Whole(string? system, string prompt, string answer) => [.. Prompt(system, prompt), Message("assistant", answer)];

    /// <summary>A schema giving <paramref name="columns"/> the type list&lt;struct&lt;role, content&gt;&gt;.</summary>
    public static ParquetSourceSchema Schema(params string[] columns)
        => new(columns.Select(c => (Field)new ListField(c, new StructField("element", new DataField<string>("role", true), new DataField<string>("content", true)))));
}
