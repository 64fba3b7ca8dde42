namespace Distilabel.Orleans.Coordination;

/// <summary>
/// A job's rows as ranges leased to workers: a free range goes to the first worker that asks; when none is free, an
/// idle worker steals the upper half of the range with the most rows left (never below what its holder may already
/// have started); a range whose holder died or stopped checkpointing goes back to the pool from its cursor. Delivery
/// is at least once: a range is gone once every row of it was delivered.
/// </summary>
/// <remarks>Plain state and logic (the coordinator grain persists it), so the rules are tested without a cluster.</remarks>
[GenerateSerializer, Alias("distilabel.lease-table")]
public sealed class LeaseTable
{
    /// <summary>The ranges with rows left, in row order.</summary>
    [Id(0)] public List<RowRange> Ranges { get; set; } = [];

    /// <summary>Rows taken back from dead or silent holders (they are labelled again elsewhere).</summary>
    [Id(1)] public long RowsReclaimed { get; set; }

    /// <summary>Ranges split by idle workers.</summary>
    [Id(2)] public int Steals { get; set; }

    /// <summary>Whether every row was delivered.</summary>
    public bool IsDone => Ranges.Count == 0;

    /// <summary>Rows still to deliver.</summary>
    public long Remaining => Ranges.Sum(r => r.Remaining);

    /// <summary>A table of the rows [start, end) of each range (e.g. the rows a submitter still misses).</summary>
    public static LeaseTable Over(IEnumerable<(long Start, long End)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        return new LeaseTable { Ranges = [.. ranges.Where(r => r.End > r.Start).Select(r => new RowRange { Cursor = r.Start, End = r.End })] };
    }

    /// <summary>A lease for <paramref name="owner"/>: a free range, else a stolen half; null when nothing is left to hand out.</summary>
    /// <param name="owner">The worker (its silo).</param>
    /// <param name="window">The worker's requests in flight.</param>
    /// <param name="now">The time (lease renewals are measured from it).</param>
    public Lease? Acquire(string owner, int window, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        window = Math.Max(1, window);

        // The lowest free range first: the submitter writes in row order, so early rows unblock the output.
        var free = Ranges.FirstOrDefault(r => r.LeaseId is null);
        if (free is not null)
            return Grant(free, owner, window, now);

        // Steal the upper half of the range with the most rows its holder has not been granted.
        RowRange? victim = null;
        long bestSplit = 0, bestLeft = 0;
        foreach (var range in Ranges)
        {
            var split = SplitPoint(range);
            if (range.End - split > bestLeft)
                (victim, bestSplit, bestLeft) = (range, split, range.End - split);
        }

        if (victim is null)
            return null;
        var stolen = new RowRange { Cursor = bestSplit, End = victim.End };
        victim.End = bestSplit;
        Ranges.Insert(Ranges.IndexOf(victim) + 1, stolen);
        Steals++;
        return Grant(stolen, owner, window, now);
    }

    /// <summary>Records that the lease's rows below <paramref name="cursor"/> were delivered; renews it and extends its grant.</summary>
    public LeaseUpdate Checkpoint(Guid leaseId, long cursor, DateTime now)
    {
        var range = Ranges.FirstOrDefault(r => r.LeaseId == leaseId);
        if (range is null)
            return LeaseUpdate.Lost;
        range.Cursor = Math.Clamp(cursor, range.Cursor, range.End);
        range.RenewedUtc = now;
        if (range.Cursor >= range.End)
        {
            Ranges.Remove(range);
            return new LeaseUpdate(true, range.End, range.End);
        }

        range.Granted = Math.Max(range.Granted, Math.Min(range.End, range.Cursor + (2L * range.Window)));
        return new LeaseUpdate(true, range.End, range.Granted);
    }

    /// <summary>Gives the lease's rows back to the pool (its holder stops); false when the lease is unknown.</summary>
    public bool Release(Guid leaseId)
    {
        var range = Ranges.FirstOrDefault(r => r.LeaseId == leaseId);
        if (range is null)
            return false;
        Free(range);
        return true;
    }

    /// <summary>Takes back the leases of holders that are gone or silent for longer than <paramref name="timeout"/>; returns the rows freed.</summary>
    public long Reclaim(Func<string, bool> isGone, DateTime now, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(isGone);
        long freed = 0;
        foreach (var range in Ranges.Where(r => r.LeaseId is not null).ToList())
        {
            if (!isGone(range.Owner!) && now - range.RenewedUtc <= timeout)
                continue;
            freed += range.Remaining;
            Free(range);
        }

        RowsReclaimed += freed;
        return freed;
    }

    /// <summary>The holders of leases now.</summary>
    public IEnumerable<string> Holders => Ranges.Where(r => r.Owner is not null).Select(r => r.Owner!).Distinct(StringComparer.Ordinal);

    /// <summary>Where a thief may start: above what the holder may have started, and at least half way.</summary>
    private static long SplitPoint(RowRange range)
        => range.LeaseId is null ? range.Cursor : Math.Max(range.Granted, range.Cursor + (range.Remaining / 2));

    private static Lease Grant(RowRange range, string owner, int window, DateTime now)
    {
        range.LeaseId = Guid.NewGuid();
        range.Owner = owner;
        range.Window = window;
        range.RenewedUtc = now;
        range.Granted = Math.Min(range.End, range.Cursor + (2L * window));
        return new Lease(range.LeaseId.Value, range.Cursor, range.End, range.Granted);
    }

    private static void Free(RowRange range)
    {
        range.LeaseId = null;
        range.Owner = null;
        range.Granted = range.Cursor;
        range.Window = 0;
    }
}
