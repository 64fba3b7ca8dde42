namespace Distilabel.Argilla;

/// <summary>An Argilla workspace.</summary>
public sealed record ArgillaWorkspace(Guid Id, string Name);

/// <summary>A dataset on an Argilla server, with its fields and questions.</summary>
/// <param name="Id">The server's id.</param>
/// <param name="Name">The dataset name (unique in its workspace).</param>
/// <param name="Workspace">Its workspace.</param>
/// <param name="Status"><c>draft</c> or <c>ready</c> (published).</param>
/// <param name="Fields">Its fields.</param>
/// <param name="Questions">Its questions.</param>
public sealed record ArgillaRemoteDataset(Guid Id, string Name, ArgillaWorkspace Workspace, string Status, IReadOnlyList<ArgillaRemoteField> Fields, IReadOnlyList<ArgillaRemoteQuestion> Questions)
{
    /// <summary>The question named <paramref name="name"/>, or null.</summary>
    public ArgillaRemoteQuestion? Question(string name) => Questions.FirstOrDefault(q => q.Name == name);
}

/// <summary>A field of a remote dataset.</summary>
public sealed record ArgillaRemoteField(Guid Id, string Name, string Type, bool Required);

/// <summary>A question of a remote dataset; <paramref name="RatingValues"/> are the options of a rating question (empty otherwise).</summary>
public sealed record ArgillaRemoteQuestion(Guid Id, string Name, string Type, bool Required, IReadOnlyList<int> RatingValues);

/// <summary>An Argilla user. <see cref="ApiKey"/> is only known for users this client created, and is never shown by <see cref="ToString"/>.</summary>
public sealed class ArgillaUser(Guid id, string username, string role, string? apiKey)
{
    /// <summary>The server's id.</summary>
    public Guid Id { get; } = id;

    /// <summary>The login name.</summary>
    public string Username { get; } = username;

    /// <summary><c>owner</c>, <c>admin</c> or <c>annotator</c>.</summary>
    public string Role { get; } = role;

    /// <summary>The user's own API key (for a reviewer's <see cref="ArgillaClient"/>), when the server returned it.</summary>
    public string? ApiKey { get; } = apiKey;

    /// <inheritdoc />
    public override string ToString() => $"{Username} ({Role})";
}
