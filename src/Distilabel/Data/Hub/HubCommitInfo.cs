namespace Distilabel.Data.Hub;

/// <summary>The result of <see cref="HubDatasets.PushAsync{TRow}"/>.</summary>
/// <param name="RepoId">The dataset repository.</param>
/// <param name="RepoUrl">Its page on the Hub.</param>
/// <param name="CommitOid">The commit id.</param>
/// <param name="CommitUrl">The commit's page.</param>
/// <param name="PathInRepo">The Parquet file written, e.g. <c>data/train-00000-of-00001.parquet</c>.</param>
/// <param name="Rows">Rows uploaded.</param>
/// <param name="Created">Whether the repository was created by this push.</param>
public sealed record HubCommitInfo(string RepoId, Uri RepoUrl, string CommitOid, Uri? CommitUrl, string PathInRepo, long Rows, bool Created);
