using System.Globalization;
using System.Numerics;

namespace Distilabel.Benchmarks;

/// <summary>How the simulated LLM's latency is drawn.</summary>
public enum LatencyDistribution
{
    /// <summary>Every answer after exactly <see cref="BenchOptions.LatencyMs"/>.</summary>
    Fixed,

    /// <summary>Log-normal with median <see cref="BenchOptions.LatencyMs"/> and shape <see cref="BenchOptions.Sigma"/>.</summary>
    LogNormal,
}

/// <summary>The command line of the benchmark (client, suite and server share it).</summary>
public sealed record BenchOptions
{
    public const string NullOutput = "null";

    public string Mode { get; init; } = "run";

    public long Rows { get; init; } = 10_000;

    public int Concurrency { get; init; } = 64;

    /// <summary>Fixed latency, or the median of the log-normal.</summary>
    public double LatencyMs { get; init; } = 100;

    public LatencyDistribution Distribution { get; init; } = LatencyDistribution.Fixed;

    public double Sigma { get; init; } = 0.5;

    public int Seed { get; init; } = 42;

    /// <summary>A .jsonl path, or <c>null</c> for a sink that drops rows. Default: a temporary .jsonl file, deleted after the run.</summary>
    public string? Output { get; init; }

    /// <summary>Rows per warm-up round (0: no warm-up). Default: about <see cref="WarmupRoundSeconds"/> at the limit, at least 4 × concurrency.</summary>
    public long? WarmupRows { get; init; }

    /// <summary>Length of a warm-up round at the theoretical limit.</summary>
    public double WarmupRoundSeconds { get; init; } = 3;

    /// <summary>Warm-up rounds repeat until one JIT-compiles at most this many methods (client + server).</summary>
    public int WarmupJitThreshold { get; init; } = 20;

    public int MaxWarmupRounds { get; init; } = 10;

    public int PromptChars { get; init; } = 512;

    public int ResponseChars { get; init; } = 1024;

    /// <summary>Use a server that is already running (its base URL, e.g. http://127.0.0.1:5000/v1).</summary>
    public string? ServerUrl { get; init; }

    /// <summary>Host the server in the client's own process (CPU and memory numbers then include it).</summary>
    public bool InProcessServer { get; init; }

    /// <summary>PipelineOptions.ReorderWindow (default: the pipeline's, 8 × concurrency).</summary>
    public int? ReorderWindow { get; init; }

    /// <summary>Diagnostic: no HTTP at all, an in-memory IChatClient with the same latencies (isolates the pipeline's own cost).</summary>
    public bool NoHttp { get; init; }

    /// <summary>Where a client run writes its result as JSON (the suite reads it).</summary>
    public string? ResultJson { get; init; }

    /// <summary>Where the suite also writes its Markdown table.</summary>
    public string? Markdown { get; init; }

    /// <summary>Also run a null-sink scenario in the suite.</summary>
    public bool SuiteNullSink { get; init; } = true;

    /// <summary>The server exits after this many seconds whatever happens (it also exits when its stdin closes).</summary>
    public int ServerMaxSeconds { get; init; } = 3600;

    /// <summary>(compare) Measured runs of each contender per latency scenario; the table shows medians.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>(compare) Also measure the job without its journal, to show what the journal costs.</summary>
    public bool WithoutJournalToo { get; init; }

    /// <summary>(compare) AppContext switches, each measured as one more contender (journal on, that switch set).</summary>
    public IReadOnlyList<string> Switches { get; init; } = [];

    /// <summary>(compare) Unmeasured rounds of every contender on the whole input before the zero-latency measurements
    /// (tiered JIT and dynamic PGO settle only after several seconds of a contender's code running).</summary>
    public int WarmupRounds { get; init; } = 3;

    /// <summary>(compare) Only the zero-latency scenario.</summary>
    public bool ZeroLatencyOnly { get; init; }

    /// <summary>(compare) Only the log-normal scenario.</summary>
    public bool LogNormalOnly { get; init; }

    /// <summary>Mean latency of the configured distribution (the log-normal's mean is median × e^(σ²/2)).</summary>
    public double MeanLatencyMs => Distribution == LatencyDistribution.Fixed ? LatencyMs : LatencyMs * Math.Exp(Sigma * Sigma / 2);

    /// <summary>The throughput limit C / mean latency, in rows per second.</summary>
    public double LimitRowsPerSecond => Concurrency * 1000.0 / MeanLatencyMs;

    public long EffectiveWarmupRows => WarmupRows ?? Math.Max(4L * Concurrency, (long)(WarmupRoundSeconds * LimitRowsPerSecond));

    public string LatencyLabel => Distribution == LatencyDistribution.Fixed
        ? string.Create(CultureInfo.InvariantCulture, $"fixed {LatencyMs:0.#} ms")
        : string.Create(CultureInfo.InvariantCulture, $"log-normal median {LatencyMs:0.#} ms σ {Sigma:0.##} (mean {MeanLatencyMs:0.#} ms)");

    public const string Usage = """
        Distilabel.Benchmarks: label rows against a loopback OpenAI-compatible server with simulated latency.

          run (default)   one scenario; starts the latency server as a child process
          --suite         the issue's matrix, each scenario in a fresh client process; prints a Markdown table
          compare         the CLI-equivalent job (journal on, JSONL in, Parquet out) against a hand-written loop
                          (OpenAI SDK + Parallel.ForEachAsync + a regex), alternately in this process, at zero latency
                          and at log-normal 100 ms σ 0.5; default 12800 rows, C=64; prints medians as a Markdown table
          serve           the latency server alone (prints its base URL on the first stdout line)
          stages          CPU µs per row of each stage alone (reading, prompt, parsing, fingerprint, journal, progress,
                          writing) and of the whole pipeline without HTTP, journal off and on; default 20000 rows
          client-costs    CPU µs and KiB per request of the LLM client stack alone (the SDK as the loop calls it,
                          our adapter, the CLI's middleware), C at once, zero latency; default 12800 requests, 5 rounds
          parquet-memory  peak memory of a label job: an N-row Parquet file labelled back to Parquet (with the journal)

        Options:
          --rows N                 rows to label (default 10000)
          --concurrency C          pipeline concurrency (default 64)
          --latency-ms MS          fixed latency, or the log-normal median (default 100)
          --distribution D         fixed | lognormal (default fixed)
          --sigma S                log-normal shape (default 0.5)
          --seed N                 latency sampler seed (default 42)
          --output PATH|null       JSONL output file, or 'null' to drop rows (default: a temp file, deleted)
          --warmup N               rows per warm-up round, 0 for none (default max(4*C, 3 s at the limit));
                                   rounds repeat (at most 10) until one JIT-compiles <= 20 methods in client + server
          --prompt-chars N         size of each generated prompt (default 512)
          --response-chars N       size of each generated response (default 1024)
          --server-url URL         use a running server instead of starting one
          --in-process-server      host the server inside the client process
          --reorder-window N       PipelineOptions.ReorderWindow (default: the pipeline's, max(16, 8*C))
          --no-http                diagnostic: an in-memory chat client with the same latencies, no server, no SDK
          --result-json PATH       also write the result as JSON
          --markdown PATH          (suite) also write the table to PATH
          --no-null-sink           (suite) skip the extra null-sink scenario
          --repeats N              (compare) measured runs per contender and scenario (default 3)
          --without-journal-too    (compare) also measure the job with its journal off
          --switch NAME            (compare) one more contender: journal on with the AppContext switch NAME set
                                   (A+B sets both; repeatable)
          --zero-latency-only      (compare) skip the log-normal scenario
          --log-normal-only        (compare) skip the zero-latency scenario
          --warmup-rounds N        (compare) unmeasured rounds of each contender on the whole input before the
                                   zero-latency runs (default 3: JIT tiering and PGO settle over seconds)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            options = arg switch
            {
                "run" => options with { Mode = "run" },
                "serve" => options with { Mode = "serve" },
                "parquet-memory" => options with { Mode = "parquet-memory" },
                "make-parquet" => options with { Mode = "make-parquet" },
                "--suite" or "suite" => options with { Mode = "suite" },
                "compare" => options with { Mode = "compare", Rows = 12_800 },
                "stages" => options with { Mode = "stages", Rows = 20_000 },
                "client-costs" => options with { Mode = "client-costs", Rows = 12_800, Repeats = 5 },
                "--help" or "-h" => options with { Mode = "help" },
                "--rows" => options with { Rows = Positive(long.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--concurrency" => options with { Concurrency = Positive(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--latency-ms" => options with { LatencyMs = NonNegative(double.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--distribution" => options with { Distribution = ParseDistribution(Next()) },
                "--sigma" => options with { Sigma = NonNegative(double.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--output" => options with { Output = Next() },
                "--warmup" => options with { WarmupRows = NonNegative(long.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--prompt-chars" => options with { PromptChars = NonNegative(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--response-chars" => options with { ResponseChars = NonNegative(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--server-url" => options with { ServerUrl = Next() },
                "--in-process-server" => options with { InProcessServer = true },
                "--no-http" => options with { NoHttp = true },
                "--reorder-window" => options with { ReorderWindow = Positive(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--result-json" => options with { ResultJson = Next() },
                "--markdown" => options with { Markdown = Next() },
                "--no-null-sink" => options with { SuiteNullSink = false },
                "--without-journal-too" => options with { WithoutJournalToo = true },
                "--switch" => options with { Switches = [.. options.Switches, Next()] },
                "--zero-latency-only" => options with { ZeroLatencyOnly = true },
                "--log-normal-only" => options with { LogNormalOnly = true },
                "--warmup-rounds" => options with { WarmupRounds = NonNegative(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--repeats" => options with { Repeats = Positive(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                "--server-max-seconds" => options with { ServerMaxSeconds = Positive(int.Parse(Next(), CultureInfo.InvariantCulture), arg) },
                _ => throw new ArgumentException($"unknown argument '{arg}'"),
            };
        }

        return options;
    }

    /// <summary>The arguments that reproduce this scenario (for child processes).</summary>
    public List<string> ScenarioArguments()
    {
        var args = new List<string>
        {
            "--rows", Rows.ToString(CultureInfo.InvariantCulture),
            "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture),
            "--latency-ms", LatencyMs.ToString(CultureInfo.InvariantCulture),
            "--distribution", Distribution == LatencyDistribution.Fixed ? "fixed" : "lognormal",
            "--sigma", Sigma.ToString(CultureInfo.InvariantCulture),
            "--seed", Seed.ToString(CultureInfo.InvariantCulture),
            "--prompt-chars", PromptChars.ToString(CultureInfo.InvariantCulture),
            "--response-chars", ResponseChars.ToString(CultureInfo.InvariantCulture),
        };
        if (WarmupRows is { } warmup)
            args.AddRange(["--warmup", warmup.ToString(CultureInfo.InvariantCulture)]);
        if (Output is not null)
            args.AddRange(["--output", Output]);
        if (ReorderWindow is { } window)
            args.AddRange(["--reorder-window", window.ToString(CultureInfo.InvariantCulture)]);
        if (NoHttp)
            args.Add("--no-http");
        return args;
    }

    private static LatencyDistribution ParseDistribution(string value) => value.ToLowerInvariant() switch
    {
        "fixed" => LatencyDistribution.Fixed,
        "lognormal" or "log-normal" => LatencyDistribution.LogNormal,
        _ => throw new ArgumentException($"--distribution must be fixed or lognormal, not '{value}'"),
    };

    private static T Positive<T>(T value, string name)
        where T : INumber<T> => value > T.Zero ? value : throw new ArgumentException($"{name} must be positive");

    private static T NonNegative<T>(T value, string name)
        where T : INumber<T> => value >= T.Zero ? value : throw new ArgumentException($"{name} must not be negative");
}
