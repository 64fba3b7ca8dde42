namespace Distilabel.Data.Exports;

/// <summary>Which pairs a row's rated responses give.</summary>
public enum PreferenceStrategy
{
    /// <summary>The best against the worst (the first of equal ratings each).</summary>
    BestVsWorst,

    /// <summary>The best against one of the lower-rated responses, drawn with the seed.</summary>
    BestVsRandom,

    /// <summary>Every pair whose ratings differ by the margin.</summary>
    AllPairs,
}
