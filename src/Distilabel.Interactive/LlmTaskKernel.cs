using Distilabel.Rendering;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace Distilabel.Interactive;

/// <summary>
/// The <c>#!llm-task</c> kernel: a cell that starts with <c>#!llm-task</c> holds C# declarations of
/// <c>[LlmTask]</c> partial records. The cell is compiled with the Distilabel generator
/// (<see cref="CellTaskCompiler"/>), the assembly is referenced by the C# kernel (<c>#r</c>), each task is
/// registered in <see cref="LlmTaskRegistry"/>, and shown. Generator and compiler errors are shown instead
/// (escaped, with id and line) and the cell fails.
/// </summary>
public sealed class LlmTaskKernel : Kernel, IKernelCommandHandler<SubmitCode>
{
    /// <summary>The kernel name, hence the cell magic <c>#!llm-task</c>.</summary>
    public const string DefaultName = "llm-task";

    /// <summary>Creates the kernel; tasks are loaded into the kernel named <paramref name="targetKernelName"/>.</summary>
    public LlmTaskKernel(string name = DefaultName, string targetKernelName = "csharp")
        : base(name)
    {
        TargetKernelName = targetKernelName;
        KernelInfo.DisplayName = "LLM task declarations (C# with the Distilabel generator)";
        KernelInfo.Description = "Declares [LlmTask] partial records in a cell and loads them into the C# kernel.";
    }

    /// <summary>The kernel that receives the compiled tasks.</summary>
    public string TargetKernelName { get; }

    /// <inheritdoc />
    async Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        var result = CellTaskCompiler.Compile(command.Code);
        if (!result.Success)
        {
            // Report lines of the notebook cell, which starts with the #!llm-task line the kernel was given without.
            var offset = LineOffsetInCell(command);
            var diagnostics = result.Diagnostics.Select(d => d.Line > 0 ? d with { Line = d.Line + offset } : d).ToList();
            var errors = diagnostics.Where(d => d.Severity == "error").ToList();
            KernelInvocationContextExtensions.Display(
                context,
                new HtmlString(HtmlRenderer.Diagnostics(diagnostics, "The LLM task declaration has " + (errors.Count == 1 ? "an error" : errors.Count + " errors"))),
                HtmlFormatter.MimeType);
            context.Fail(command, null, "The LLM task declaration has errors:\n" + string.Join("\n", errors));
            return;
        }

        if (CellTaskCompiler.FindTypeLoadedByAnotherCell(result) is { } clash)
        {
            context.Fail(command, null,
                $"'{clash}' was already loaded by an earlier #!llm-task cell with different code, and a loaded type cannot be replaced: "
                + "rename the type (or the namespace), or restart the kernel and run the cells again.");
            return;
        }

        var root = RootKernel;
        if (root.FindKernelByName(TargetKernelName) is null)
        {
            context.Fail(command, null, $"No kernel named '{TargetKernelName}' to load the tasks into.");
            return;
        }

        var code = "#r \"" + result.AssemblyPath!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"\n"
                   + string.Concat(result.TaskTypeNames.Select(t => "global::Distilabel.LlmTaskRegistry.Register<" + t + ">();\n"));
        var load = await root.SendAsync(new SubmitCode(code, TargetKernelName), context.CancellationToken);
        if (load.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            context.Fail(command, failed.Exception, "Loading the tasks failed: " + failed.Message);
            return;
        }

        foreach (var task in LlmTaskRegistry.All.Where(t => t.TaskType.Assembly.GetName().Name == result.AssemblyName))
            KernelInvocationContextExtensions.Display(context, new HtmlString(HtmlRenderer.Task(task)), HtmlFormatter.MimeType);
    }

    /// <summary>Lines before this kernel's part of the submitted cell (0 when the cell was not split).</summary>
    private static int LineOffsetInCell(SubmitCode command)
    {
        if (command.Parent is not SubmitCode cell || string.IsNullOrEmpty(command.Code))
            return 0;
        var index = cell.Code.IndexOf(command.Code, StringComparison.Ordinal);
        return index <= 0 ? 0 : cell.Code.AsSpan(0, index).Count('\n');
    }
}
