namespace Distilabel.Cli.Tests;

/// <summary>The command calls itself <c>distilabel</c> in its help and errors, whatever the executable is named.</summary>
public class CommandNameTests
{
    [Fact]
    public async Task Help_names_the_command_distilabel()
    {
        var result = await CliRunner.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("distilabel [command] [options]", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("label", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Distilabel.Cli", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subcommands_help_and_a_bad_option_name_distilabel()
    {
        var help = await CliRunner.RunAsync(["label", "--help"]);
        var bad = await CliRunner.RunAsync(["label", "--no-such-option"]);

        Assert.Contains("distilabel label [options]", help.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Distilabel.Cli", help.All, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("See 'distilabel label --help'.", bad.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Distilabel.Cli", bad.All, StringComparison.Ordinal);
    }
}
