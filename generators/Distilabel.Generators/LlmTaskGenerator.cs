using Distilabel.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Distilabel.Generators
{
    /// <summary>
    /// Turns each <c>[LlmTask]</c> partial record into a complete <c>ILlmTask&lt;TSelf&gt;</c>: descriptor,
    /// prompt builder, output parser, row mapping, GBNF grammar, JSON schema and Argilla schema.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class LlmTaskGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names, so tests can prove which steps re-ran.</summary>
        internal static class Steps
        {
            public const string Parse = nameof(Parse);
            public const string Model = nameof(Model);
            public const string Diagnostics = nameof(Diagnostics);
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var results = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    LlmTaskAttributeName,
                    predicate: static (node, _) => node is TypeDeclarationSyntax,
                    transform: static (ctx, ct) => Parser.Parse(ctx, ct))
                .WithTrackingName(Steps.Parse);

            var diagnostics = results
                .Select(static (result, _) => result.Diagnostics)
                .WithTrackingName(Steps.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, items) =>
            {
                foreach (var item in items)
                    spc.ReportDiagnostic(item.ToDiagnostic());
            });

            var models = results
                .Where(static result => result.Model is not null)
                .Select(static (result, _) => result.Model!)
                .WithTrackingName(Steps.Model);
            context.RegisterSourceOutput(models, static (spc, model) => spc.AddSource(model.HintName, Emitter.Emit(model)));
        }
    }
}
