using Distilabel.Rendering;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive.Tests.Interactive;

/// <summary>An in-process notebook kernel (C# + value sharing), with Distilabel referenced and, optionally, the extension loaded.</summary>
internal sealed class TestKernel : IDisposable
{
    private TestKernel(CompositeKernel kernel) => Kernel = kernel;

    public CompositeKernel Kernel { get; }

    public static async Task<TestKernel> CreateAsync(bool loadExtension = true)
    {
        Formatter.ResetToDefault();
        var kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers().UseValueSharing() };
        kernel.DefaultKernelName = "csharp";
        var test = new TestKernel(kernel);
        var references = new[]
            {
                typeof(LlmTaskDefinition).Assembly,
                typeof(DistilabelDisplay).Assembly,
                typeof(DataFrame).Assembly,
                typeof(Microsoft.Extensions.AI.ChatMessage).Assembly,
            }
            .Select(a => "#r \"" + a.Location + "\"\n");
        await test.SubmitSuccessfullyAsync(string.Concat(references) + "using Distilabel;\nusing Distilabel.Pipeline;\nusing Distilabel.Rendering;\nusing Distilabel.Interactive;");
        if (loadExtension)
            await new DistilabelKernelExtension().OnLoadAsync(kernel);
        return test;
    }

    public async Task<KernelCommandResult> SubmitAsync(string code) => await Kernel.SendAsync(new SubmitCode(code));

    public async Task<KernelCommandResult> SubmitSuccessfullyAsync(string code)
    {
        var result = await SubmitAsync(code);
        var failure = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failure is null, "Submission failed: " + failure?.Message + "\n---\n" + code);
        return result;
    }

    public void Dispose()
    {
        Kernel.Dispose();
        Formatter.ResetToDefault();
    }
}

internal static class KernelEvents
{
    public static string Html(this DisplayEvent e) => e.FormattedValues.Single(v => v.MimeType == HtmlFormatter.MimeType).Value;

    public static List<string> DisplayedHtml(this KernelCommandResult result)
        => result.Events.OfType<DisplayedValueProduced>().Select(e => e.Html()).ToList();

    public static object? ReturnValue(this KernelCommandResult result)
        => result.Events.OfType<ReturnValueProduced>().Single().Value;
}
