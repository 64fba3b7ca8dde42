using System.Security.Cryptography;
using System.Text;

namespace Distilabel.Testing.Hub;

/// <summary>A dataset repository of the <see cref="FakeHub"/>: branches of files, visibility, gating.</summary>
public sealed class FakeHubRepo
{
    /// <summary>The revision holding the Hub's Parquet conversion.</summary>
    public const string ConvertedRevision = "refs/convert/parquet";

    private readonly object _gate;
    private readonly Dictionary<string, Dictionary<string, FakeHubFile>> _branches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _heads = new(StringComparer.Ordinal);
    private readonly List<string> _commits = [];

    internal FakeHubRepo(string id, bool isPrivate, bool gated, object gate)
    {
        Id = id;
        IsPrivate = isPrivate;
        IsGated = gated;
        _gate = gate;
        _branches["main"] = new Dictionary<string, FakeHubFile>(StringComparer.Ordinal)
        {
            [".gitattributes"] = FakeHubFile.Create(Encoding.UTF8.GetBytes("*.parquet filter=lfs diff=lfs merge=lfs -text\n"), lfs: false),
        };
        _heads["main"] = NewCommitId();
    }

    /// <summary>"namespace/name".</summary>
    public string Id { get; }

    /// <summary>Private repos answer 401 (as if missing) without a valid token.</summary>
    public bool IsPrivate { get; set; }

    /// <summary>Gated repos need a valid token that is also in <see cref="GrantedTokens"/>.</summary>
    public bool IsGated { get; set; }

    /// <summary>Tokens whose account accepted the gate.</summary>
    public HashSet<string> GrantedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Summaries of the commits made through the commit API, in order.</summary>
    public IReadOnlyList<string> CommitSummaries
    {
        get
        {
            lock (_gate)
                return _commits.ToArray();
        }
    }

    /// <summary>Adds (or replaces) a file on a revision (created if needed). Parquet files are LFS files by default.</summary>
    public void AddFile(string path, byte[] content, string revision = "main", bool? lfs = null)
    {
        lock (_gate)
        {
            if (!_branches.TryGetValue(revision, out var files))
            {
                files = _branches[revision] = new Dictionary<string, FakeHubFile>(StringComparer.Ordinal);
                _heads[revision] = NewCommitId();
            }

            files[path] = FakeHubFile.Create(content, lfs ?? path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Adds a Parquet conversion of a split: <c>{config}/{split}/0000.parquet</c>, … on <c>refs/convert/parquet</c>.</summary>
    public void AddParquetConversion(string config, string split, params byte[][] shards)
    {
        for (var i = 0; i < shards.Length; i++)
            AddFile($"{config}/{split}/{i:D4}.parquet", shards[i], ConvertedRevision, lfs: true);
    }

    /// <summary>The files of a revision (a snapshot), or an empty map.</summary>
    public IReadOnlyDictionary<string, byte[]> Files(string revision = "main")
    {
        lock (_gate)
        {
            return _branches.TryGetValue(revision, out var files)
                ? files.ToDictionary(f => f.Key, f => f.Value.Content, StringComparer.Ordinal)
                : new Dictionary<string, byte[]>();
        }
    }

    internal bool HasRevision(string revision) => _branches.ContainsKey(revision);

    internal Dictionary<string, FakeHubFile>? Branch(string revision) => _branches.GetValueOrDefault(revision);

    internal string Head(string revision) => _heads.GetValueOrDefault(revision) ?? "";

    internal string Commit(string revision, string summary, Action<Dictionary<string, FakeHubFile>> change)
    {
        var files = _branches[revision];
        change(files);
        _commits.Add(summary);
        return _heads[revision] = NewCommitId();
    }

    private static string NewCommitId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}

/// <summary>A file in a fake repo: its bytes and ids.</summary>
internal sealed record FakeHubFile(byte[] Content, bool Lfs, string Sha256, string GitOid)
{
    public static FakeHubFile Create(byte[] content, bool lfs)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        var gitOid = Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
        return new FakeHubFile(content, lfs, sha256, gitOid);
    }
}
