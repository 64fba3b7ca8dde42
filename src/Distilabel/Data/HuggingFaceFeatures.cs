using System.Text.Json.Nodes;
using Parquet.Schema;

namespace Distilabel.Data;

/// <summary>
/// Keeps a Parquet file's <c>huggingface</c> metadata (the <c>datasets</c> features) true to the columns actually
/// written: a kept column keeps its feature, a dropped one loses it, and a new one (a task's outputs, the bookkeeping
/// columns) gets the feature of its Parquet type. <c>datasets</c> casts a file to these features, so features that name
/// other columns than the file has would make it refuse the file.
/// </summary>
internal static class HuggingFaceFeatures
{
    /// <summary>The metadata key <c>datasets</c> reads.</summary>
    public const string MetadataKey = "huggingface";

    /// <summary>
    /// <paramref name="json"/> unchanged when the file keeps the source's columns, else with its features matching
    /// <paramref name="fields"/> (in their order; a source column the features did not describe stays undescribed); null
    /// when a new column's type has no simple feature or the metadata is not what <c>datasets</c> writes (then the key is
    /// dropped and <c>datasets</c> infers the features from the Parquet schema, as for any file without them).
    /// </summary>
    public static string? Reconcile(string json, IReadOnlyList<Field> fields, IReadOnlyList<string> sourceColumns)
    {
        if (fields.Select(f => f.Name).SequenceEqual(sourceColumns, StringComparer.Ordinal))
            return json;
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        if (root?["info"]?["features"] is not JsonObject features)
            return null;
        var reconciled = new JsonObject();
        foreach (var field in fields)
        {
            if (features[field.Name] is null && sourceColumns.Contains(field.Name, StringComparer.Ordinal))
                continue;
            var feature = features[field.Name]?.DeepClone() ?? FeatureOf(field);
            if (feature is null)
                return null;
            reconciled[field.Name] = feature;
        }

        root["info"]!["features"] = reconciled;
        return root.ToJsonString();
    }

    private static JsonNode? FeatureOf(Field field) => field switch
    {
        DataField data when Dtype(data.ClrType) is { } dtype => Value(dtype),
        ListField { Item: DataField item } when Dtype(item.ClrType) is { } dtype => new JsonObject { ["feature"] = Value(dtype), ["_type"] = "Sequence" },
        _ => null,
    };

    private static JsonObject Value(string dtype) => new() { ["dtype"] = dtype, ["_type"] = "Value" };

    private static string? Dtype(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) => "string", // Parquet.Net's string columns
        var t when t == typeof(long) => "int64",
        var t when t == typeof(int) => "int32",
        var t when t == typeof(double) => "float64",
        var t when t == typeof(float) => "float32",
        var t when t == typeof(bool) => "bool",
        _ => null,
    };
}
