namespace Distilabel.Argilla.Agreement;

/// <summary>
/// How far the AI's rating was from the annotators' (their majority value) on one rating output, over the records
/// where both exist. A statistic that cannot be computed is null and its <c>…Note</c> says why.
/// </summary>
/// <param name="Output">The rating column.</param>
/// <param name="Min">The task's lowest rating.</param>
/// <param name="Max">The task's highest rating.</param>
/// <param name="Pairs">Records with both an AI and a human value.</param>
/// <param name="ExactAgreement">Share of pairs with the same value.</param>
/// <param name="WithinOne">Share of pairs at most one apart.</param>
/// <param name="MeanAbsoluteDifference">Mean of |AI − human|.</param>
/// <param name="QuadraticKappa">Cohen's kappa with quadratic weights over the task's whole range <paramref name="Min"/>..<paramref name="Max"/>.</param>
/// <param name="QuadraticKappaNote">Why the kappa is null.</param>
/// <param name="Spearman">Spearman's rank correlation (average ranks for ties).</param>
/// <param name="SpearmanNote">Why Spearman's correlation is null.</param>
public sealed record RatingAgreement(
    string Output,
    int Min,
    int Max,
    long Pairs,
    double? ExactAgreement,
    double? WithinOne,
    double? MeanAbsoluteDifference,
    double? QuadraticKappa,
    string? QuadraticKappaNote,
    double? Spearman,
    string? SpearmanNote);
