using Distilabel.Data.Hub;

namespace Distilabel.Data;

/// <summary>How to open a <see cref="DatasetSource"/>.</summary>
public sealed record DatasetSourceOptions
{
    /// <summary>Hub addresses without a path: the split selection in the <c>datasets</c> slice syntax
    /// (<c>train</c>, <c>train[:1000]</c>, <c>train[10%:20%]</c>, <c>train[:100]+validation[:10]</c>). Default <c>train</c>.</summary>
    public string Split { get; init; } = "train";

    /// <summary>Hub addresses: the dataset configuration (subset).</summary>
    public string? Config { get; init; }

    /// <summary>Columns to keep, drop and rename.</summary>
    public ColumnSurgery? Surgery { get; init; }

    /// <summary>How to reach the Hub (endpoint, token, cache folder; defaults as <c>huggingface_hub</c>'s:
    /// <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c>, <c>HF_HOME</c>).</summary>
    public HubOptions? Hub { get; init; }
}
