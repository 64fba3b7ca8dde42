namespace Distilabel.Orleans.Coordination;

/// <summary>
/// One entry of a job's lease table: the rows [<see cref="Cursor"/>, <see cref="End"/>) still to deliver, and the
/// worker holding them, if any. Rows below the cursor were delivered to the submitter.
/// </summary>
[GenerateSerializer, Alias("distilabel.row-range")]
public sealed class RowRange
{
    /// <summary>The first row not yet delivered.</summary>
    [Id(0)] public long Cursor { get; set; }

    /// <summary>One past the last row of the range.</summary>
    [Id(1)] public long End { get; set; }

    /// <summary>The lease on the range; null when it is free.</summary>
    [Id(2)] public Guid? LeaseId { get; set; }

    /// <summary>The holder (its silo's address), when leased.</summary>
    [Id(3)] public string? Owner { get; set; }

    /// <summary>The holder may start rows below this one, no further: a thief splits at or above it, so no row is asked twice by live workers.</summary>
    [Id(4)] public long Granted { get; set; }

    /// <summary>The holder's requests in flight (the grant runs two windows ahead of the cursor).</summary>
    [Id(5)] public int Window { get; set; }

    /// <summary>When the holder last checkpointed.</summary>
    [Id(6)] public DateTime RenewedUtc { get; set; }

    /// <summary>Rows left.</summary>
    public long Remaining => End - Cursor;
}
