namespace Distilabel.Orleans.Coordination;

/// <summary>Rows a worker may label: [<see cref="Start"/>, <see cref="End"/>), starting rows below <see cref="Granted"/> only.</summary>
[GenerateSerializer, Alias("distilabel.lease")]
public sealed record Lease([property: Id(0)] Guid Id, [property: Id(1)] long Start, [property: Id(2)] long End, [property: Id(3)] long Granted);

/// <summary>The answer to a checkpoint: whether the lease is still held, its end (a thief may have shortened it) and the grant.</summary>
[GenerateSerializer, Alias("distilabel.lease-update")]
public sealed record LeaseUpdate([property: Id(0)] bool Held, [property: Id(1)] long End, [property: Id(2)] long Granted)
{
    /// <summary>The answer for a lease the coordinator no longer knows (reclaimed, or the job ended).</summary>
    public static LeaseUpdate Lost { get; } = new(false, 0, 0);
}
