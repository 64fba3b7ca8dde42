using Microsoft.DotNet.Interactive;

namespace Distilabel.Interactive;

/// <summary>
/// The .NET Interactive extension, loaded by <c>#r "nuget: Distilabel.Interactive"</c> (the package has it in
/// <c>interactive-extensions/dotnet</c>): registers the HTML formatters and adds the <c>#!llm-task</c> kernel (declare tasks) and the <c>#!distilabel</c> kernel (run jobs).
/// </summary>
public sealed class DistilabelKernelExtension : IKernelExtension
{
    /// <inheritdoc />
    public Task OnLoadAsync(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        DistilabelFormatters.Register();
        var root = kernel.RootKernel as CompositeKernel ?? kernel as CompositeKernel;
        if (root is not null && root.FindKernelByName(LlmTaskKernel.DefaultName) is null)
            root.Add(new LlmTaskKernel());
        if (root is not null && root.FindKernelByName(DistilabelKernel.DefaultName) is null)
            root.Add(new DistilabelKernel());
        return Task.CompletedTask;
    }
}
