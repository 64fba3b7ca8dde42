using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Distilabel.Generators.Helpers;
using Distilabel.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Distilabel.Generators
{
    public sealed partial class LlmTaskGenerator
    {
        internal const string LlmTaskAttributeName = "Distilabel.LlmTaskAttribute";
        private const string InputAttributeName = "Distilabel.InputAttribute";
        private const string RatingAttributeName = "Distilabel.RatingAttribute";
        private const string OutputAttributeName = "Distilabel.OutputAttribute";
        private const string SetsRequiredMembersAttributeName = "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute";

        /// <summary>Turns the symbols of one [LlmTask] type into a <see cref="TaskModel"/> and diagnostics.</summary>
        internal static class Parser
        {
            public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                var type = (INamedTypeSymbol)context.TargetSymbol;
                var diagnostics = new List<DiagnosticInfo>();
                var typeLocation = type.Locations.FirstOrDefault();

                if (!type.IsRecord)
                    return Fail(diagnostics, DiagnosticDescriptors.NotARecord, typeLocation, type.Name);
                if (type.TypeParameters.Length > 0)
                    return Fail(diagnostics, DiagnosticDescriptors.GenericTask, typeLocation, type.Name);
                for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
                {
                    if (containing.TypeParameters.Length > 0)
                        return Fail(diagnostics, DiagnosticDescriptors.GenericContainingType, typeLocation, type.Name, containing.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                }

                for (var current = type; current is not null; current = current.ContainingType)
                {
                    if (!IsPartial(current, cancellationToken))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, current.Locations.FirstOrDefault(), current.Name));
                }

                if (type.IsAbstract)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AbstractTask, typeLocation, type.Name));

                var attribute = context.Attributes[0];
                var taskName = NamedString(attribute, "Name") ?? Naming.ToSnakeCase(type.Name);
                if (!IsValidTaskName(taskName))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTaskName, typeLocation, taskName, type.Name));

                var primaryParameters = PrimaryConstructorParameters(type, cancellationToken);
                var inputs = new List<InputModel>();
                var outputs = new List<OutputModel>();
                var columns = new Dictionary<string, string>();
                var mappedParameters = new HashSet<string>();
                var roleMembers = new HashSet<string>();
                // Whether any member carries an input / output attribute, valid or not: "no inputs" (DLB0002) and
                // "no outputs" (DLB0003) are only true when none does; a broken one has its own diagnostic.
                var declaresInput = false;
                var declaresOutput = false;

                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (property.IsImplicitlyDeclared || property.Name == "EqualityContract")
                        continue;
                    primaryParameters.TryGetValue(property.Name, out var parameter);
                    var roles = Roles(property, parameter);
                    if (roles.Count == 0)
                        continue;
                    roleMembers.Add(property.Name);
                    foreach (var declared in roles)
                    {
                        if (declared.AttributeClass!.ToDisplayString() == InputAttributeName)
                            declaresInput = true;
                        else
                            declaresOutput = true;
                    }

                    var location = property.Locations.FirstOrDefault();
                    if (roles.Count > 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SeveralRoles, location, property.Name));
                        continue;
                    }

                    if (parameter is not null)
                        mappedParameters.Add(parameter.Name);
                    if (property.IsStatic || (parameter is null && property.SetMethod is null))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSettable, location, property.Name));
                        continue;
                    }

                    var role = roles[0];
                    var column = NamedString(role, "Name") ?? Naming.ToSnakeCase(property.Name);
                    if (!Naming.IsValidColumnName(column))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidColumnName, location, column, property.Name));
                        continue;
                    }

                    if (columns.TryGetValue(column, out var other))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateColumn, location, column, other, property.Name));
                    else
                        columns.Add(column, property.Name);

                    switch (role.AttributeClass!.ToDisplayString())
                    {
                        case InputAttributeName:
                            if (TryInputType(property.Type, out var valueType, out var required))
                                inputs.Add(new InputModel(property.Name, column, NamedString(role, "Title") ?? Naming.ToTitle(property.Name), valueType, required, parameter?.Name));
                            else
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedInputType, location, property.Name, property.Type.ToDisplayString()));
                            break;

                        case RatingAttributeName:
                            var min = (int)role.ConstructorArguments[0].Value!;
                            var max = (int)role.ConstructorArguments[1].Value!;
                            if (!IsInt32OrNullable(property.Type))
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingWrongType, location, property.Name, property.Type.ToDisplayString()));
                            else if (min > max)
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingMinGreaterThanMax, location, property.Name, CSharpLiteral.Int(min), CSharpLiteral.Int(max)));
                            else if (!IsArgillaRange(min, max))
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingRangeNotExpressible, location, property.Name, CSharpLiteral.Int(min), CSharpLiteral.Int(max)));
                            else
                                outputs.Add(new OutputModel(property.Name, column, Naming.ToTitle(property.Name), TaskOutputKind.Rating, min, max, NamedString(role, "Description"), IsNullable(property.Type), parameter?.Name));
                            break;

                        default:
                            if (property.Type.SpecialType == SpecialType.System_String)
                                outputs.Add(new OutputModel(property.Name, column, Naming.ToTitle(property.Name), TaskOutputKind.Text, 0, 0, NamedString(role, "Description"), IsNullable(property.Type), parameter?.Name));
                            else
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputWrongType, location, property.Name, property.Type.ToDisplayString()));
                            break;
                    }
                }

                foreach (var parameter in primaryParameters.Values)
                {
                    if (!mappedParameters.Contains(parameter.Name))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnmappedConstructorParameter, parameter.Locations.FirstOrDefault(), type.Name, parameter.Name));
                }

                // What the generated FromRow needs: `new T(positional…) { others = … }` must bind and set every required member.
                var constructor = UsedConstructor(type, primaryParameters.Count > 0, cancellationToken);
                if (constructor is null && !type.IsValueType)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoUsableConstructor, typeLocation, type.Name));
                // With no input (or no output) at all, a required member is most likely a column missing its attribute:
                // DLB0002 / DLB0003 say so, and a DLB0018 on the same member would be noise.
                if (declaresInput && declaresOutput && (constructor is null || !HasAttribute(constructor, SetsRequiredMembersAttributeName)))
                {
                    foreach (var member in RequiredMembers(type))
                    {
                        if (SymbolEqualityComparer.Default.Equals(member.ContainingType, type) && roleMembers.Contains(member.Name))
                            continue;
                        // A member inherited from a base type is reported on the task (the base may be fine elsewhere).
                        var location = SymbolEqualityComparer.Default.Equals(member.ContainingType, type) ? member.Locations.FirstOrDefault() : typeLocation;
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredNonColumn, location, member.Name, type.Name));
                    }
                }

                foreach (var member in type.GetMembers())
                {
                    if (GeneratedMembers.TryGetValue(member.Name, out var generated) && Clashes(member, generated))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault() ?? typeLocation, member.Name, type.Name));
                }

                if (!declaresInput)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoInputs, typeLocation, type.Name));
                if (!declaresOutput)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoOutputs, typeLocation, type.Name));
                if (diagnostics.Count > 0)
                    return new ParseResult(null, diagnostics.ToEquatableArray());

                var userPrompt = NamedString(attribute, "SystemPrompt");
                var model = new TaskModel(
                    Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                    TypeName: type.Name,
                    FullTypeName: type.ToDisplayString(),
                    HintName: HintName(type),
                    Keyword: type.IsValueType ? "record struct" : "record",
                    ContainingTypes: ContainingTypes(type),
                    TaskName: taskName,
                    SystemPrompt: PromptFormat.SystemPrompt(userPrompt, inputs, outputs),
                    Guidelines: NamedString(attribute, "Guidelines"),
                    Description: NamedString(attribute, "Description"),
                    IsPositional: primaryParameters.Count > 0,
                    Inputs: inputs.ToEquatableArray(),
                    Outputs: outputs.ToEquatableArray());
                return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
            }

            private static ParseResult Fail(List<DiagnosticInfo> diagnostics, DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
            {
                diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));
                return new ParseResult(null, diagnostics.ToEquatableArray());
            }

            private static List<AttributeData> Roles(IPropertySymbol property, IParameterSymbol? parameter)
            {
                var roles = new List<AttributeData>();
                var attributes = parameter is null ? property.GetAttributes() : property.GetAttributes().Concat(parameter.GetAttributes());
                foreach (var attribute in attributes)
                {
                    var name = attribute.AttributeClass?.ToDisplayString();
                    if (name == InputAttributeName || name == RatingAttributeName || name == OutputAttributeName)
                        roles.Add(attribute);
                }

                return roles;
            }

            private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
                => type.DeclaringSyntaxReferences
                    .Select(reference => reference.GetSyntax(cancellationToken))
                    .OfType<TypeDeclarationSyntax>()
                    .Any(declaration => declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

            private static Dictionary<string, IParameterSymbol> PrimaryConstructorParameters(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                var parameters = new Dictionary<string, IParameterSymbol>();
                foreach (var constructor in type.InstanceConstructors)
                {
                    if (constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax))
                    {
                        foreach (var parameter in constructor.Parameters)
                            parameters[parameter.Name] = parameter;
                    }
                }

                return parameters;
            }

            /// <summary>
            /// The constructor the generated FromRow calls: the primary one of a positional record, else <c>new T()</c>
            /// (a parameterless constructor, or one whose parameters are all optional). Null when there is none.
            /// Any constructor is accessible: FromRow is a member of the type.
            /// </summary>
            private static IMethodSymbol? UsedConstructor(INamedTypeSymbol type, bool positional, CancellationToken cancellationToken)
            {
                var constructors = type.InstanceConstructors;
                if (positional)
                    return constructors.FirstOrDefault(c => c.Parameters.Length > 0 && c.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax));
                return constructors.FirstOrDefault(c => c.Parameters.Length == 0)
                       ?? constructors.FirstOrDefault(c => c.Parameters.All(p => p.IsOptional || p.IsParams));
            }

            /// <summary>Required fields and properties of the type and its base types (a hidden or overridden one once).</summary>
            private static List<ISymbol> RequiredMembers(INamedTypeSymbol type)
            {
                var required = new List<ISymbol>();
                var seen = new HashSet<string>();
                for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                {
                    var members = current.GetMembers();
                    foreach (var member in members)
                    {
                        var isRequired = member is IPropertySymbol { IsRequired: true } || member is IFieldSymbol { IsRequired: true };
                        if (isRequired && !seen.Contains(member.Name))
                            required.Add(member);
                    }

                    foreach (var member in members)
                        seen.Add(member.Name);
                }

                return required;
            }

            private static bool HasAttribute(ISymbol symbol, string attributeName)
                => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

            /// <summary>What the emitter adds to the task, by name.</summary>
            private enum GeneratedMember
            {
                /// <summary>A property or field: any member of the same name clashes (CS0102).</summary>
                Value,

                /// <summary>A parameterless method (BuildPrompt, ToRow, ToArgillaRecord).</summary>
                ParameterlessMethod,

                /// <summary><c>ParseOutput(string)</c>.</summary>
                StringMethod,

                /// <summary><c>FromRow(IReadOnlyDictionary&lt;string, object?&gt;)</c>.</summary>
                RowMethod,
            }

            private static readonly Dictionary<string, GeneratedMember> GeneratedMembers = new Dictionary<string, GeneratedMember>
            {
                ["Descriptor"] = GeneratedMember.Value,
                ["OutputGrammar"] = GeneratedMember.Value,
                ["OutputJsonSchema"] = GeneratedMember.Value,
                ["ArgillaSettings"] = GeneratedMember.Value,
                ["__DistilabelSystemPrompt"] = GeneratedMember.Value,
                ["__DistilabelInputColumns"] = GeneratedMember.Value,
                ["__DistilabelOutputColumns"] = GeneratedMember.Value,
                ["BuildPrompt"] = GeneratedMember.ParameterlessMethod,
                ["ToRow"] = GeneratedMember.ParameterlessMethod,
                ["ToArgillaRecord"] = GeneratedMember.ParameterlessMethod,
                ["ParseOutput"] = GeneratedMember.StringMethod,
                ["FromRow"] = GeneratedMember.RowMethod,
            };

            /// <summary>
            /// Whether a user member cannot live beside the generated one: any non-method member of the name (CS0102), or a
            /// method with the generated parameter list, whatever its return type (CS0111). An overload is fine.
            /// </summary>
            private static bool Clashes(ISymbol member, GeneratedMember generated)
            {
                if (generated == GeneratedMember.Value || member is not IMethodSymbol method)
                    return true;
                if (method.MethodKind != MethodKind.Ordinary || method.Arity != 0 || method.Parameters.Any(p => p.RefKind != RefKind.None))
                    return false;
                switch (generated)
                {
                    case GeneratedMember.ParameterlessMethod:
                        return method.Parameters.Length == 0;
                    case GeneratedMember.StringMethod:
                        return method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String;
                    default:
                        return method.Parameters.Length == 1
                               && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 2 } row
                               && row.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>"
                               && row.TypeArguments[0].SpecialType == SpecialType.System_String
                               && (row.TypeArguments[1].SpecialType == SpecialType.System_Object || row.TypeArguments[1].TypeKind == TypeKind.Dynamic);
                }
            }

            private static string? NamedString(AttributeData attribute, string name)
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == name)
                        return argument.Value.Value as string;
                }

                return null;
            }

            private static bool TryInputType(ITypeSymbol type, out InputValueType valueType, out bool required)
            {
                required = true;
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                {
                    type = nullable.TypeArguments[0];
                    required = false;
                }
                else if (type.NullableAnnotation == NullableAnnotation.Annotated)
                {
                    required = false;
                }

                switch (type.SpecialType)
                {
                    case SpecialType.System_String: valueType = InputValueType.String; return true;
                    case SpecialType.System_Int32: valueType = InputValueType.Int32; return true;
                    case SpecialType.System_Int64: valueType = InputValueType.Int64; return true;
                    case SpecialType.System_Double: valueType = InputValueType.Double; return true;
                    case SpecialType.System_Boolean: valueType = InputValueType.Boolean; return true;
                    default: valueType = default; return false;
                }
            }

            private static bool IsNullable(ITypeSymbol type)
                => type.NullableAnnotation == NullableAnnotation.Annotated
                   || type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };

            private static bool IsInt32OrNullable(ITypeSymbol type)
                => type.SpecialType == SpecialType.System_Int32
                   || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                       && nullable.TypeArguments[0].SpecialType == SpecialType.System_Int32);

            /// <summary>Argilla: 2..10 options (1.x servers), values within 1..10 once shifted to start at 1.</summary>
            private static bool IsArgillaRange(int min, int max)
            {
                var count = (long)max - min + 1;
                var shiftedMax = min < 1 ? max + (1L - min) : max;
                return count >= 2 && count <= 10 && shiftedMax <= 10;
            }

            private static bool IsValidTaskName(string name)
                => name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.');

            private static string HintName(INamedTypeSymbol type)
            {
                var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
                var safe = new string(name.Select(c => char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_').ToArray());
                return safe + ".g.cs";
            }

            private static EquatableArray<ContainingTypeModel> ContainingTypes(INamedTypeSymbol type)
            {
                var chain = new List<ContainingTypeModel>();
                for (var current = type.ContainingType; current is not null; current = current.ContainingType)
                {
                    var keyword = current.IsRecord
                        ? (current.IsValueType ? "record struct" : "record")
                        : current.TypeKind switch
                        {
                            TypeKind.Struct => "struct",
                            TypeKind.Interface => "interface",
                            _ => "class",
                        };
                    var name = current.TypeParameters.Length == 0
                        ? CSharpLiteral.Identifier(current.Name)
                        : CSharpLiteral.Identifier(current.Name) + "<" + string.Join(", ", current.TypeParameters.Select(p => CSharpLiteral.Identifier(p.Name))) + ">";
                    chain.Insert(0, new ContainingTypeModel(keyword, name));
                }

                return chain.ToEquatableArray();
            }
        }
    }
}
