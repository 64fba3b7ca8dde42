namespace Distilabel.Orleans.Jobs;

/// <summary>
/// A task file (<c>label --task MyJudge.cs --cluster …</c>) as a job carries it to its workers: its name (for the
/// compiler's messages) and its C# source, so a worker needs no copy of the file.
/// </summary>
[GenerateSerializer, Alias("distilabel.task-file-spec")]
public sealed record TaskFileSpec([property: Id(0)] string FileName, [property: Id(1)] string Source)
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    public static TaskFileSpec Read(string path) => new(Path.GetFileName(path), File.ReadAllText(path));
}
