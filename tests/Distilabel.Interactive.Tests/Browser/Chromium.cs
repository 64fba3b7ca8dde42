using System.Diagnostics;
using System.Text.RegularExpressions;
using Distilabel.Testing;

namespace Distilabel.Interactive.Tests.Browser;

/// <summary>Debian's headless chromium, run offline on a local file with a fresh profile.</summary>
internal static partial class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("DISTILABEL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>What is missing to run the browser tests, or null.</summary>
    public static string? Missing => IsInstalled
        ? null
        : $"Chromium ({ExecutablePath}, or DISTILABEL_CHROMIUM) is absent: apt-get install chromium, as .ci/run does (tests/Distilabel.Interactive.Tests/REQUIREMENTS.txt)";

    /// <summary>Loads <paramref name="pageHtml"/> from a file and returns the DOM after the load event (--dump-dom).</summary>
    public static string DumpDom(string pageHtml)
    {
        var directory = Directory.CreateTempSubdirectory("dlb-chromium-");
        try
        {
            var page = Path.Combine(directory.FullName, "page.html");
            File.WriteAllText(page, pageHtml);
            var profile = Directory.CreateDirectory(Path.Combine(directory.FullName, "profile"));
            var start = new ProcessStartInfo(ExecutablePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName,
                         "--virtual-time-budget=2000", "--dump-dom", new Uri(page).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish in 90 s");
            }

            var dom = stdout.GetAwaiter().GetResult();
            Assert.True(dom.Contains("<body", StringComparison.Ordinal), "chromium printed no DOM (exit " + process.ExitCode + "): " + stderr.GetAwaiter().GetResult());
            return dom;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The attributes the probe script set on &lt;body&gt;.</summary>
    public static Dictionary<string, string> BodyAttributes(string dom)
    {
        var body = BodyTag().Match(dom);
        Assert.True(body.Success, "no <body> in the DOM");
        return Attribute().Matches(body.Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("([a-z-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}

/// <summary>A fact that needs Debian's chromium: skipped, saying so, when it is absent; failed in CI.</summary>
public sealed class ChromiumFactAttribute() : RealPartFactAttribute(Chromium.Missing);
