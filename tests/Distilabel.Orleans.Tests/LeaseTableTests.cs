using Distilabel.Orleans.Coordination;

namespace Distilabel.Orleans.Tests;

/// <summary>The lease rules without a cluster: free ranges first, stealing above the grant, checkpoints, reclaiming.</summary>
public sealed class LeaseTableTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_first_worker_takes_every_row_and_an_idle_one_steals_the_upper_half_above_the_grant()
    {
        var table = LeaseTable.Over([(0, 100)]);
        var a = table.Acquire("a", window: 4, Now)!;
        Assert.Equal((0, 100, 8), (a.Start, a.End, a.Granted));

        var b = table.Acquire("b", window: 4, Now)!;
        Assert.Equal((50, 100), (b.Start, b.End));
        Assert.Equal(1, table.Steals);

        // The holder learns its shorter end at its next checkpoint; its grant never passes it.
        var update = table.Checkpoint(a.Id, 10, Now);
        Assert.Equal(new LeaseUpdate(true, 50, 18), update);
    }

    [Fact]
    public void A_thief_never_splits_below_what_the_holder_may_have_started()
    {
        var table = LeaseTable.Over([(0, 10)]);
        var a = table.Acquire("a", window: 4, Now)!;          // granted up to row 8
        var b = table.Acquire("b", window: 4, Now)!;
        Assert.Equal((8, 10), (b.Start, b.End));
        Assert.Null(table.Acquire("c", window: 4, Now));     // a holds 8 granted rows, b 2: nothing left to split safely
        Assert.Equal(new LeaseUpdate(true, 8, 8), table.Checkpoint(a.Id, 0, Now));
    }

    [Fact]
    public void A_range_is_gone_once_every_row_was_delivered()
    {
        var table = LeaseTable.Over([(0, 3)]);
        var a = table.Acquire("a", 1, Now)!;
        Assert.True(table.Checkpoint(a.Id, 3, Now).Held);
        Assert.True(table.IsDone);
        Assert.False(table.Checkpoint(a.Id, 3, Now).Held);
    }

    [Fact]
    public void The_leases_of_a_dead_or_silent_holder_go_back_to_the_pool_from_their_cursor()
    {
        var table = LeaseTable.Over([(0, 100)]);
        var a = table.Acquire("a", 2, Now)!;
        var b = table.Acquire("b", 2, Now)!;
        table.Checkpoint(a.Id, 20, Now);
        table.Checkpoint(b.Id, 60, Now.AddSeconds(20));

        // a is declared dead; b is alive and renewed recently.
        Assert.Equal(30, table.Reclaim(owner => owner == "a", Now.AddSeconds(25), TimeSpan.FromSeconds(30)));
        Assert.False(table.Checkpoint(a.Id, 25, Now).Held);
        var c = table.Acquire("c", 2, Now.AddSeconds(25))!;
        Assert.Equal((20, 50), (c.Start, c.End));
        table.Checkpoint(c.Id, 20, Now.AddSeconds(50));

        // b goes silent past the timeout.
        Assert.Equal(40, table.Reclaim(_ => false, Now.AddSeconds(60), TimeSpan.FromSeconds(30)));
        Assert.Equal(70, table.RowsReclaimed);
    }

    [Fact]
    public void A_released_lease_is_taken_first_by_the_next_worker()
    {
        var table = LeaseTable.Over([(0, 10), (20, 30)]);
        var a = table.Acquire("a", 1, Now)!;
        Assert.True(table.Release(a.Id));
        var b = table.Acquire("b", 1, Now)!;
        Assert.Equal((0, 10), (b.Start, b.End));
        Assert.Equal(20, table.Remaining);
    }
}
