namespace Distilabel.Testing;

/// <summary>
/// Linear-time claims (a parser over a megabyte of hostile input) checked with a generous bound instead of a tight
/// duration: a linear pass takes milliseconds, a quadratic one over a megabyte takes minutes. The bound makes such a
/// regression fail the test instead of hanging the run.
/// </summary>
public static class LinearTime
{
    /// <summary>Generous for any machine, however loaded; far below what a quadratic pass over 1 MB needs.</summary>
    public static readonly TimeSpan MegabyteBound = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/> on the thread pool; fails when it has not finished within <see cref="MegabyteBound"/>.</summary>
    public static async Task<T> WithinBoundAsync<T>(Func<T> work, string what)
    {
        var run = Task.Run(work);
        if (await Task.WhenAny(run, Task.Delay(MegabyteBound)) != run)
            Assert.Fail($"{what} did not finish within {MegabyteBound.TotalSeconds:0} s: not linear in its input.");
        return await run;
    }
}
