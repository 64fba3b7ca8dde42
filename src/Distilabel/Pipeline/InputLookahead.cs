using Distilabel.Data;

namespace Distilabel.Pipeline;

/// <summary>
/// The input of a job, read once: the first <see cref="MaxRows"/> rows are read ahead, so a broken early row or a
/// column no row has stops the job before any LLM is asked (a small file is checked whole), and then the same rows
/// are handed on, followed by the rest of the input. Nothing is read twice and memory stays bounded.
/// </summary>
internal sealed class InputLookahead : IAsyncDisposable
{
    /// <summary>How many rows are read ahead: enough to check a sample file whole, few enough to bound memory.</summary>
    public const int MaxRows = 256;

    private readonly IAsyncEnumerator<Row> _rows;
    private readonly List<Row> _ahead;
    private bool _ended;

    private InputLookahead(IAsyncEnumerator<Row> rows, List<Row> ahead, bool ended, IReadOnlyList<string> missing, IReadOnlyList<string> firstColumns)
    {
        _rows = rows;
        _ahead = ahead;
        _ended = ended;
        Missing = missing;
        FirstColumns = firstColumns;
    }

    /// <summary>The required columns no row read ahead has: none of the input's rows has them when <see cref="Ended"/>.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>The columns of the first row (empty when the input has none), for messages.</summary>
    public IReadOnlyList<string> FirstColumns { get; }

    /// <summary>Whether the whole input has been read.</summary>
    public bool Ended => _ended;

    /// <summary>Whether the input has no row at all.</summary>
    public bool IsEmpty => _ended && _ahead.Count == 0;

    /// <summary>Reads the first <see cref="MaxRows"/> rows of <paramref name="rows"/>, noting which of the
    /// <paramref name="required"/> columns none of them has.</summary>
    public static async Task<InputLookahead> StartAsync(IAsyncEnumerable<Row> rows, IReadOnlyList<string> required, CancellationToken cancellationToken)
    {
        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        var missing = new HashSet<string>(required, StringComparer.Ordinal);
        var ahead = new List<Row>();
        var ended = false;
        try
        {
            while (ahead.Count < MaxRows)
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    ended = true;
                    break;
                }

                ahead.Add(enumerator.Current);
                if (missing.Count > 0)
                    missing.RemoveWhere(enumerator.Current.ContainsKey);
            }
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var stillMissing = required.Where(missing.Contains).ToList();
        return new InputLookahead(enumerator, ahead, ended, stillMissing, ahead.Count > 0 ? ahead[0].Columns.ToArray() : []);
    }

    /// <summary>The rows read ahead, then the rest of the input; <see cref="Ended"/> turns true when it is all read.</summary>
    public async IAsyncEnumerable<Row> ReadAsync()
    {
        foreach (var row in _ahead)
            yield return row;
        _ahead.Clear();
        while (!_ended)
        {
            if (!await _rows.MoveNextAsync().ConfigureAwait(false))
            {
                _ended = true;
                yield break;
            }

            yield return _rows.Current;
        }
    }

    public ValueTask DisposeAsync() => _rows.DisposeAsync();
}
