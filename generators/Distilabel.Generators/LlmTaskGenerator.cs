using Microsoft.CodeAnalysis;

namespace Distilabel.Generators
{
    [Generator(LanguageNames.CSharp)]
    public sealed partial class LlmTaskGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
        }
    }
}
