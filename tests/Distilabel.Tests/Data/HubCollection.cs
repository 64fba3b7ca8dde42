namespace Distilabel.Tests.Data;

/// <summary>Hub tests share the temp folder's download files (one test counts them), so they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class HubCollection
{
    public const string Name = "Hugging Face Hub";
}
