namespace Distilabel.Argilla.Agreement;

/// <summary>
/// Accumulates AI-versus-human pairs row by row into one count table per rating (AI value × human value over the
/// task's range), so memory does not grow with the rows; every statistic is computed from those tables.
/// </summary>
public sealed class AgreementCalculator
{
    private readonly LlmTaskDescriptor _task;
    private readonly List<(LlmTaskOutput Output, long[,] Counts)> _tables;
    private long _records;
    private long _answered;

    /// <summary>A calculator for the rating outputs of <paramref name="task"/>.</summary>
    public AgreementCalculator(LlmTaskDescriptor task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _task = task;
        _tables = task.Outputs
            .Where(o => o.Kind == LlmOutputKind.Rating && o.Min is not null && o.Max is not null)
            .Select(o => (o, new long[o.Max!.Value - o.Min!.Value + 1, o.Max.Value - o.Min.Value + 1]))
            .ToList();
    }

    /// <summary>Adds a pulled row: <c>&lt;output&gt;</c> is the AI's value, <c>&lt;output&gt;_human</c> the annotators'.</summary>
    public void Add(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _records++;
        var answered = false;
        foreach (var (output, counts) in _tables)
        {
            var human = Integer(row.GetValueOrDefault(output.Name + ArgillaPulledDataset.HumanSuffix));
            answered |= human is not null;
            var ai = Integer(row.GetValueOrDefault(output.Name));
            if (ai is null || human is null || ai < output.Min || ai > output.Max || human < output.Min || human > output.Max)
                continue;
            counts[ai.Value - output.Min!.Value, human.Value - output.Min.Value]++;
        }

        if (answered)
            _answered++;
    }

    /// <summary>The statistics so far.</summary>
    public AgreementReport Report()
        => new(_task.Name, _records, _answered, _tables.Select(t => Compute(t.Output.Name, t.Output.Min!.Value, t.Output.Max!.Value, t.Counts)).ToList());

    /// <summary>All statistics of one count table (<paramref name="counts"/>[ai − min, human − min]).</summary>
    internal static RatingAgreement Compute(string output, int min, int max, long[,] counts)
    {
        var k = max - min + 1;
        long n = 0, exact = 0, withinOne = 0;
        double absolute = 0;
        var aiTotals = new long[k];
        var humanTotals = new long[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var c = counts[i, j];
                n += c;
                aiTotals[i] += c;
                humanTotals[j] += c;
                if (i == j)
                    exact += c;
                if (Math.Abs(i - j) <= 1)
                    withinOne += c;
                absolute += c * (double)Math.Abs(i - j);
            }
        }

        if (n == 0)
            return new RatingAgreement(output, min, max, 0, null, null, null, null, "no pairs to compare", null, "no pairs to compare");

        // Quadratic-weighted kappa: 1 − Σ w·observed / Σ w·expected, w = (i − j)² / (k − 1)², expected = outer product of the marginals / n.
        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = (double)(i - j) * (i - j) / ((double)(k - 1) * (k - 1));
                observed += w * counts[i, j] / n;
                expected += w * aiTotals[i] * (double)humanTotals[j] / ((double)n * n);
            }
        }

        double? kappa = expected > 0 ? 1 - observed / expected : null;
        var kappaNote = expected > 0 ? null : "the AI and the annotators give one and the same value to every pair: chance agreement is perfect";

        // Spearman: Pearson correlation of average ranks (tied values share the mean of their ranks).
        var aiRanks = AverageRanks(aiTotals);
        var humanRanks = AverageRanks(humanTotals);
        double? spearman = null;
        string? spearmanNote = null;
        if (aiTotals.Count(t => t > 0) < 2)
            spearmanNote = "the AI gives the same value to every pair";
        else if (humanTotals.Count(t => t > 0) < 2)
            spearmanNote = "the annotators give the same value to every pair";
        else
        {
            double meanAi = 0, meanHuman = 0;
            for (var i = 0; i < k; i++)
            {
                meanAi += aiTotals[i] * aiRanks[i];
                meanHuman += humanTotals[i] * humanRanks[i];
            }

            meanAi /= n;
            meanHuman /= n;
            double covariance = 0, varianceAi = 0, varianceHuman = 0;
            for (var i = 0; i < k; i++)
            {
                varianceAi += aiTotals[i] * (aiRanks[i] - meanAi) * (aiRanks[i] - meanAi);
                varianceHuman += humanTotals[i] * (humanRanks[i] - meanHuman) * (humanRanks[i] - meanHuman);
                for (var j = 0; j < k; j++)
                    covariance += counts[i, j] * (aiRanks[i] - meanAi) * (humanRanks[j] - meanHuman);
            }

            spearman = covariance / Math.Sqrt(varianceAi * varianceHuman);
        }

        return new RatingAgreement(output, min, max, n, (double)exact / n, (double)withinOne / n, absolute / n, kappa, kappaNote, spearman, spearmanNote);
    }

    /// <summary>The average rank (1-based) of each value, from how often each value occurs.</summary>
    private static double[] AverageRanks(long[] totals)
    {
        var ranks = new double[totals.Length];
        long before = 0;
        for (var v = 0; v < totals.Length; v++)
        {
            ranks[v] = before + (totals[v] + 1) / 2.0;
            before += totals[v];
        }

        return ranks;
    }

    private static long? Integer(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        _ => null,
    };
}
