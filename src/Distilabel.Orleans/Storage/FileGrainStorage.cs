using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using global::Orleans.Serialization;
using global::Orleans.Storage;

namespace Distilabel.Orleans.Storage;

/// <summary>
/// Grain state as files in one folder (one file per grain, replaced atomically, with a version as its ETag): the job
/// tables of a cluster on one machine outlive the silo that wrote them, where memory storage would lose them with it.
/// </summary>
/// <remarks>Silos sharing the folder must run on one machine (or share it over a file system with atomic renames).</remarks>
internal sealed class FileGrainStorage(string folder, Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => OnFileAsync(stateName, grainId, path =>
    {
        if (Read(path) is not (var version, var bytes))
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        grainState.State = serializer.Deserialize<T>(bytes);
        grainState.ETag = ETagOf(version);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => OnFileAsync(stateName, grainId, async path =>
    {
        var stored = Read(path)?.Version;
        var expected = stored is { } current ? ETagOf(current) : null;
        if (expected != grainState.ETag)
            throw new InconsistentStateException($"the state of {grainId} changed under it (version {expected ?? "none"}, expected {grainState.ETag ?? "none"})", expected ?? "", grainState.ETag ?? "");
        var version = (stored ?? 0) + 1;
        var bytes = serializer.SerializeToArray(grainState.State);
        Directory.CreateDirectory(folder);
        var temp = $"{path}.tmp-{Guid.NewGuid():n}";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            var header = BitConverter.GetBytes(version);
            await file.WriteAsync(header).ConfigureAwait(false);
            await file.WriteAsync(bytes).ConfigureAwait(false);
            await file.FlushAsync().ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        grainState.ETag = ETagOf(version);
        grainState.RecordExists = true;
    });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => OnFileAsync(stateName, grainId, path =>
    {
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    });

    /// <summary>Runs <paramref name="body"/> on the state's file, one call at a time per file.</summary>
    private async Task OnFileAsync(string stateName, GrainId grainId, Func<string, Task> body)
    {
        var path = PathOf(stateName, grainId);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1));
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await body(path).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static string ETagOf(long version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static (long Version, byte[] Bytes)? Read(string path)
    {
        byte[] all;
        try
        {
            all = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return (BitConverter.ToInt64(all, 0), all[sizeof(long)..]);
    }

    // Grain ids hold characters file systems refuse: the file is named by a hash of the state's name and the grain.
    private string PathOf(string stateName, GrainId grainId)
        => Path.Combine(folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{stateName}|{grainId}")))[..40] + ".state");
}
