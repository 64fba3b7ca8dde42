namespace Distilabel.Cli.Tests.Durability;

/// <summary>Command lines for the durability tests: a loopback server, short timeouts and retry delays.</summary>
internal static class Cli
{
    public const string Secret = "sk-test-SECRET-123";

    public static Dictionary<string, string?> Environment() => new() { ["DISTILABEL_TEST_KEY"] = Secret, ["COLUMNS"] = "240" };

    public static List<string> Label(RowServer server, string input, string output, int concurrency = 16, params string[] extra)
        => Label(server.BaseUrl, input, output, concurrency, extra);

    public static List<string> Label(string baseUrl, string input, string output, int concurrency = 16, params string[] extra)
    {
        var args = new List<string>
        {
            "label", "--llm", "openai-compatible", "--base-url", baseUrl, "--model", "judge-model", "--api-key-env", "DISTILABEL_TEST_KEY",
            "-i", input, "-o", output, "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (option, value) in new[] { ("--request-timeout", "5"), ("--max-attempts", "3"), ("--retry-base-delay-ms", "5") })
        {
            if (!extra.Contains(option))
                args.AddRange([option, value]);
        }

        args.AddRange(extra);
        return args;
    }

    public static Task<CliRunner.Result> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null) => CliRunner.RunAsync(args, Environment(), timeout ?? TimeSpan.FromMinutes(2));

    /// <summary>A fresh folder under the temp folder.</summary>
    public static string NewFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"distilabel-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Every file under <paramref name="folder"/> (journal, cache, WAL, output, leftovers).</summary>
    public static IEnumerable<string> AllFiles(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories);

    /// <summary>The API key never reaches standard output, standard error, or any file of the run (output, journal, cache, summary).</summary>
    public static void AssertNoSecret(CliRunner.Result result, string folder)
    {
        Assert.DoesNotContain(Secret, result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StdErr, StringComparison.Ordinal);
        var secret = System.Text.Encoding.UTF8.GetBytes(Secret);
        var secret16 = System.Text.Encoding.Unicode.GetBytes(Secret);
        foreach (var file in AllFiles(folder))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.AsSpan().IndexOf(secret) < 0 && bytes.AsSpan().IndexOf(secret16) < 0, $"the API key leaked into {file}");
            AssertNoSecretInRenderedHtml(file);
        }
    }

    /// <summary>A labelled output, rendered as the notebook preview renders it, shows no key either.</summary>
    private static void AssertNoSecretInRenderedHtml(string file)
    {
        if (Path.GetFileName(file).StartsWith('.') || Path.GetExtension(file) is not (".jsonl" or ".parquet" or ".csv"))
            return;
        List<Distilabel.Data.Row> rows;
        try
        {
            rows = Distilabel.Data.DatasetFiles.ReadAsync(file).ToBlockingEnumerable().ToList();
        }
        catch (Distilabel.Data.DatasetFormatException)
        {
            return; // a deliberately broken input file of a bad-input test: its bytes were checked above
        }

        var html = Distilabel.Rendering.HtmlRenderer.Dataset(rows, Distilabel.Tasks.HelpSteer.Descriptor);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
    }

    /// <summary>The lines of standard error that report an error.</summary>
    public static List<string> ErrorLines(CliRunner.Result result) =>
        result.StdErr.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
