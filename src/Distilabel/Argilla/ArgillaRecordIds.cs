using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Distilabel.Argilla;

/// <summary>
/// Stable external ids: a hash of a record's field values (the task's inputs) plus its occurrence number among records
/// with identical inputs (<c>3f…9a-1</c>, <c>3f…9a-2</c>). Pushing the same file again, filtered or reordered, gives each
/// record the id it had, so Argilla updates it instead of adding a duplicate. Keeps 16 bytes per distinct input.
/// </summary>
public sealed class ArgillaRecordIds
{
    private readonly Dictionary<UInt128, int> _seen = new();

    /// <summary>The id of the next record with these <paramref name="fields"/> (in the dataset's field order).</summary>
    public string Next(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var (name, value) in fields)
        {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            Append(hash, name, length);
            Append(hash, value, length);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        var key = BinaryPrimitives.ReadUInt128BigEndian(digest);
        var occurrence = _seen.TryGetValue(key, out var n) ? n + 1 : 1;
        _seen[key] = occurrence;
        return Convert.ToHexStringLower(digest[..16]) + "-" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Append(IncrementalHash hash, string text, Span<byte> length)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
