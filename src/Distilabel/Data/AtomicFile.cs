using System.Security.Cryptography;

namespace Distilabel.Data;

/// <summary>
/// An output file written atomically: bytes go to a temporary file beside the target
/// (<c>.name.tmp-&lt;random&gt;</c>), which is flushed to disk and renamed over the target on
/// <see cref="CommitAsync"/>. Disposal without commit deletes the temporary file and leaves the target untouched.
/// </summary>
internal sealed class AtomicFile : IAsyncDisposable, IDisposable
{
    private FileStream? _stream;
    private bool _committed;

    private AtomicFile(string path, string tempPath, FileStream stream)
    {
        Path = path;
        TempPath = tempPath;
        _stream = stream;
    }

    /// <summary>The target path (full).</summary>
    public string Path { get; }

    /// <summary>The temporary file being written.</summary>
    public string TempPath { get; }

    /// <summary>The stream to write to (seekable, readable).</summary>
    public FileStream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile), $"The output file '{Path}' is already completed or abandoned.");

    /// <summary>
    /// Checks that <paramref name="path"/> can be written (creating missing parent folders) and opens the
    /// temporary file. Throws <see cref="IOException"/> naming the path when it cannot be written.
    /// </summary>
    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath;
        try
        {
            fullPath = System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Unwritable(path, e.Message, e);
        }

        if (Directory.Exists(fullPath))
            throw Unwritable(fullPath, "it is a directory");
        if (File.Exists(fullPath) && File.GetAttributes(fullPath).HasFlag(FileAttributes.ReadOnly))
            throw Unwritable(fullPath, "the existing file is read-only");

        var directory = System.IO.Path.GetDirectoryName(fullPath) ?? throw Unwritable(fullPath, "it has no parent directory");
        var tempPath = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(fullPath)}.tmp-{RandomSuffix()}");
        try
        {
            Directory.CreateDirectory(directory);
            var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
            return new AtomicFile(fullPath, tempPath, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw Unwritable(fullPath, e.Message, e);
        }
    }

    /// <summary>Flushes to disk, closes and renames the temporary file over the target.</summary>
    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        var stream = Stream;
        try
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
            File.Move(TempPath, Path, overwrite: true);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw new IOException($"Cannot write the output file '{Path}': {e.Message}", e);
        }
    }

    /// <summary>Abandons the file unless committed: closes and deletes the temporary file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            try
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The flush of an abandoned file may fail (disk full); the file is deleted anyway.
            }
        }

        DeleteTemp();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            try
            {
                stream.Dispose();
            }
            catch (IOException)
            {
            }
        }

        DeleteTemp();
    }

    private void DeleteTemp()
    {
        if (_committed)
            return;
        try
        {
            File.Delete(TempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is hidden and never mistaken for the target.
        }
    }

    internal static IOException Unwritable(string path, string reason, Exception? inner = null)
        => new($"Cannot write the output file '{path}': {reason}", inner);

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
