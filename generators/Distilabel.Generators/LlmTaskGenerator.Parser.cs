using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Distilabel.Generators.Helpers;
using Distilabel.Generators.Models;
using static Distilabel.Generators.Helpers.AttributeArguments;
using static Distilabel.Generators.Helpers.TypeShapes;
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
        private const string ParameterAttributeName = "Distilabel.ParameterAttribute";
        private const string AnswerReaderAttributeName = "Distilabel.AnswerReaderAttribute";
        private const string AnswerGrammarAttributeName = "Distilabel.AnswerGrammarAttribute";
        private const string AnswerValuesName = "Distilabel.AnswerValues";

        /// <summary>The user template's placeholder for the generated tagged answer format.</summary>
        internal const string AnswerFormatPlaceholder = "answer_format";
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
                var parameters = new List<ParameterModel>();
                // Per-item outputs, by index in `outputs`: the For argument and where to report, resolved once every input is known.
                var perItem = new Dictionary<int, (string? For, Location? Location)>();
                var columns = new Dictionary<string, string>();
                // Outputs that exist only when a bool property is true (When = nameof(…)), by index in `outputs`.
                var conditions = new Dictionary<int, (string When, Location? Location)>();
                var conditionalColumns = new HashSet<string>();
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
                    var parameterAttribute = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == ParameterAttributeName);
                    if (parameterAttribute is not null)
                    {
                        if (roles.Count > 0)
                        {
                            roleMembers.Add(property.Name);
                            declaresInput |= roles.Any(r => r.AttributeClass!.ToDisplayString() == InputAttributeName);
                            declaresOutput |= roles.Any(r => r.AttributeClass!.ToDisplayString() != InputAttributeName);
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ParameterIsColumn, property.Locations.FirstOrDefault(), property.Name));
                        }
                        else if (TryParameter(property, parameterAttribute, diagnostics) is { } parameterModel)
                        {
                            parameters.Add(parameterModel);
                        }

                        continue;
                    }

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

                    // Two outputs may share a column when each exists only under its own condition (When), e.g. Prometheus's
                    // `result`: a rating in absolute mode, "A"/"B" in relative mode.
                    var conditional = role.AttributeClass!.ToDisplayString() != InputAttributeName && NamedString(role, "When") is not null;
                    if (conditional)
                        conditionalColumns.Add(property.Name);
                    if (columns.TryGetValue(column, out var other))
                    {
                        if (!(conditional && conditionalColumns.Contains(other)))
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateColumn, location, column, other, property.Name));
                    }
                    else
                    {
                        columns.Add(column, property.Name);
                    }

                    var outputsBefore = outputs.Count;
                    switch (role.AttributeClass!.ToDisplayString())
                    {
                        case InputAttributeName:
                            if (TryInputType(property.Type, out var valueType, out var required, out var isList, out var nullableItems))
                                inputs.Add(new InputModel(property.Name, column, NamedString(role, "Title") ?? Naming.ToTitle(property.Name), valueType, required, parameter?.Name,
                                    isList, nullableItems, NamedInt(role, "ArgillaItems") ?? 4));
                            else
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedInputType, location, property.Name, property.Type.ToDisplayString()));
                            break;

                        case RatingAttributeName:
                            var min = (int)role.ConstructorArguments[0].Value!;
                            var max = (int)role.ConstructorArguments[1].Value!;
                            var ratingList = ReadOnlyListElement(property.Type);
                            if (ratingList is not null || IsCollection(property.Type))
                            {
                                if (ratingList is null || !IsNullableInt32(ratingList))
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ListOutputWrongType, location, property.Name, property.Type.ToDisplayString()));
                                else if (min > max)
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingMinGreaterThanMax, location, property.Name, CSharpLiteral.Int(min), CSharpLiteral.Int(max)));
                                else if (!IsArgillaRange(min, max))
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingRangeNotExpressible, location, property.Name, CSharpLiteral.Int(min), CSharpLiteral.Int(max)));
                                else
                                {
                                    perItem[outputs.Count] = (NamedString(role, "For"), location);
                                    outputs.Add(new OutputModel(property.Name, column, Naming.ToTitle(property.Name), TaskOutputKind.Rating, min, max, NamedString(role, "Description"), IsNullable(property.Type), parameter?.Name, OutputShape.PerItem));
                                }
                            }
                            else if (!IsInt32OrNullable(property.Type))
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingWrongType, location, property.Name, property.Type.ToDisplayString()));
                            else if (min > max)
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingMinGreaterThanMax, location, property.Name, CSharpLiteral.Int(min), CSharpLiteral.Int(max)));
                            else if (!IsArgillaRange(min, max))
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RatingRangeNotExpressible, location, property.Name, CSharpLiteral.Int(min), CSharpLiteral.Int(max)));
                            else
                            {
                                if (NamedString(role, "For") is not null)
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForOnNonPerItemOutput, location, property.Name, property.Type.ToDisplayString()));
                                outputs.Add(new OutputModel(property.Name, column, Naming.ToTitle(property.Name), TaskOutputKind.Rating, min, max, NamedString(role, "Description"), IsNullable(property.Type), parameter?.Name));
                            }

                            break;

                        default:
                            var textList = ReadOnlyListElement(property.Type);
                            var forArgument = NamedString(role, "For");
                            if (textList is not null && textList.SpecialType == SpecialType.System_String)
                            {
                                // string? items (or For, where nullable annotations are off): one per item of a list input, null where
                                // the answer has none; string items: a list of any length.
                                var shape = textList.NullableAnnotation == NullableAnnotation.Annotated || forArgument is not null ? OutputShape.PerItem : OutputShape.List;
                                if (shape == OutputShape.PerItem)
                                    perItem[outputs.Count] = (forArgument, location);
                                outputs.Add(new OutputModel(property.Name, column, Naming.ToTitle(property.Name), TaskOutputKind.Text, 0, 0, NamedString(role, "Description"), IsNullable(property.Type), parameter?.Name, shape)
                                    { MaxLength = NamedInt(role, "MaxLength") ?? 0, MaxItems = NamedInt(role, "MaxItems") ?? 0 });
                            }
                            else if (textList is not null || IsCollection(property.Type))
                            {
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ListOutputWrongType, location, property.Name, property.Type.ToDisplayString()));
                            }
                            else if (property.Type.SpecialType == SpecialType.System_String)
                            {
                                if (forArgument is not null)
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForOnNonPerItemOutput, location, property.Name, property.Type.ToDisplayString()));
                                outputs.Add(new OutputModel(property.Name, column, Naming.ToTitle(property.Name), TaskOutputKind.Text, 0, 0, NamedString(role, "Description"), IsNullable(property.Type), parameter?.Name)
                                    { MaxLength = NamedInt(role, "MaxLength") ?? 0 });
                            }
                            else
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputWrongType, location, property.Name, property.Type.ToDisplayString()));
                            break;
                    }

                    if (outputs.Count > outputsBefore && NamedString(role, "When") is { } when)
                        conditions[outputs.Count - 1] = (when, location);
                }

                ResolveConditions(type, outputs, conditions, roleMembers, diagnostics);

                ResolveItemsOf(outputs, perItem, inputs, diagnostics);

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
                    if (GeneratedMembers.ClashesWithGenerated(member))
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReservedMemberName, member.Locations.FirstOrDefault() ?? typeLocation, member.Name, type.Name));
                }

                if (!declaresInput)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoInputs, typeLocation, type.Name));
                if (!declaresOutput)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoOutputs, typeLocation, type.Name));
                if (diagnostics.Count > 0)
                    return new ParseResult(null, diagnostics.ToEquatableArray());

                var instruction = NamedString(attribute, "SystemPrompt");
                var userTemplate = NamedString(attribute, "UserPrompt");
                // With a user template the system prompt is sent as written (possibly empty: no system message).
                var systemPrompt = userTemplate is null ? PromptFormat.SystemPrompt(instruction, inputs, outputs) : instruction ?? "";
                var placeholders = PlaceholderMembers(type, parameters, roleMembers);
                var answerReader = AnswerMethod(type, AnswerReaderAttributeName, diagnostics);
                var answerGrammar = AnswerMethod(type, AnswerGrammarAttributeName, diagnostics);
                var userSegments = EquatableArray<PromptSegment>.Empty;
                if (userTemplate is not null)
                {
                    userSegments = UserPromptSegments(type.Name, userTemplate, placeholders, inputs, outputs, typeLocation, diagnostics);
                    if (answerReader is null && userTemplate.IndexOf("{" + AnswerFormatPlaceholder + "}", System.StringComparison.Ordinal) < 0)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UserPromptWithoutAnswerFormat, typeLocation, type.Name));
                }

                if (diagnostics.Count > 0)
                    return new ParseResult(null, diagnostics.ToEquatableArray());
                var model = new TaskModel(
                    Namespace: type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                    TypeName: type.Name,
                    FullTypeName: type.ToDisplayString(),
                    HintName: HintName(type),
                    Keyword: type.IsValueType ? "record struct" : "record",
                    ContainingTypes: ContainingTypes(type),
                    TaskName: taskName,
                    SystemPrompt: systemPrompt,
                    Guidelines: NamedString(attribute, "Guidelines"),
                    Description: NamedString(attribute, "Description"),
                    IsPositional: primaryParameters.Count > 0,
                    Inputs: inputs.ToEquatableArray(),
                    Outputs: outputs.ToEquatableArray(),
                    Parameters: parameters.ToEquatableArray(),
                    SystemPromptSegments: PromptTemplate.Split(systemPrompt, userTemplate is null ? placeholders : WithInputs(placeholders, inputs)))
                {
                    UserPrompt = userTemplate,
                    UserPromptSegments = userSegments,
                    AnswerReader = answerReader,
                    AnswerGrammar = answerGrammar,
                };
                return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
            }

            /// <summary>
            /// Gives each per-item output its list input: the one named by For, else the task's only list input.
            /// </summary>
            private static void ResolveItemsOf(List<OutputModel> outputs, Dictionary<int, (string? For, Location? Location)> perItem, List<InputModel> inputs, List<DiagnosticInfo> diagnostics)
            {
                var lists = inputs.Where(i => i.IsList).ToList();
                foreach (var pair in perItem.OrderBy(p => p.Key))
                {
                    var output = outputs[pair.Key];
                    var (forArgument, location) = pair.Value;
                    InputModel? target;
                    if (forArgument is not null)
                    {
                        target = lists.FirstOrDefault(i => i.PropertyName == forArgument || i.Column == forArgument);
                        if (target is null)
                        {
                            var names = lists.Count == 0 ? "none" : string.Join(", ", lists.Select(i => i.PropertyName));
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ItemsOfNotAListInput, location, output.PropertyName, forArgument, names));
                            continue;
                        }
                    }
                    else if (lists.Count == 0)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PerItemWithoutListInput, location, output.PropertyName));
                        continue;
                    }
                    else if (lists.Count > 1)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AmbiguousItemsOf, location, output.PropertyName, string.Join(", ", lists.Select(i => i.PropertyName))));
                        continue;
                    }
                    else
                    {
                        target = lists[0];
                    }

                    outputs[pair.Key] = output with { ItemsOf = target };
                }
            }

            private static ParameterModel? TryParameter(IPropertySymbol property, AttributeData attribute, List<DiagnosticInfo> diagnostics)
            {
                var location = property.Locations.FirstOrDefault();
                if (property.IsStatic || property.SetMethod is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSettable, location, property.Name));
                    return null;
                }

                var type = property.Type;
                ParameterValueType valueType;
                string? enumType = null;
                var members = new List<string>();
                switch (type.SpecialType)
                {
                    case SpecialType.System_String: valueType = ParameterValueType.String; break;
                    case SpecialType.System_Int32: valueType = ParameterValueType.Int32; break;
                    case SpecialType.System_Double: valueType = ParameterValueType.Double; break;
                    case SpecialType.System_Boolean: valueType = ParameterValueType.Boolean; break;
                    default:
                        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol named)
                        {
                            valueType = ParameterValueType.Enum;
                            enumType = named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                            members.AddRange(named.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name));
                            break;
                        }

                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, location, property.Name, type.ToDisplayString()));
                        return null;
                }

                var name = NamedString(attribute, "Name") ?? Naming.ToSnakeCase(property.Name);
                if (valueType == ParameterValueType.String)
                {
                    foreach (var argument in attribute.NamedArguments)
                    {
                        if (argument.Key == "OneOf" && argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull)
                            members.AddRange(argument.Value.Values.Select(v => v.Value as string).Where(v => v is not null)!);
                    }
                }

                return new ParameterModel(property.Name, name, valueType, enumType, members.ToEquatableArray(), NamedString(attribute, "Description"));
            }

            /// <summary>
            /// What a <c>{name}</c> in the system prompt can show: a parameter by its name, or any other readable instance
            /// property that is not a column, by its snake_case name (a computed text, such as a rubric chosen by a parameter).
            /// </summary>
            private static Dictionary<string, string> PlaceholderMembers(INamedTypeSymbol type, List<ParameterModel> parameters, HashSet<string> columns)
            {
                var members = new Dictionary<string, string>();
                foreach (var parameter in parameters)
                {
                    if (!members.ContainsKey(parameter.Name))
                        members.Add(parameter.Name, parameter.PropertyName);
                }

                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.IsStatic || property.IsIndexer || property.IsImplicitlyDeclared || property.GetMethod is null
                        || property.Name == "EqualityContract" || columns.Contains(property.Name) || GeneratedMembers.IsGenerated(property.Name))
                        continue;
                    var name = Naming.ToSnakeCase(property.Name);
                    if (!members.ContainsKey(name))
                        members.Add(name, property.Name);
                }

                return members;
            }

            /// <summary>
            /// Checks each <c>When = nameof(…)</c>: it must name a readable instance <c>bool</c> property of the task that is
            /// not a column (DLB0030); the output then records it.
            /// </summary>
            private static void ResolveConditions(INamedTypeSymbol type, List<OutputModel> outputs, Dictionary<int, (string When, Location? Location)> conditions, HashSet<string> columns, List<DiagnosticInfo> diagnostics)
            {
                foreach (var pair in conditions.OrderBy(p => p.Key))
                {
                    var (when, location) = pair.Value;
                    var property = AllProperties(type).FirstOrDefault(p => p.Name == when);
                    if (property is null || property.IsStatic || property.GetMethod is null || property.Type.SpecialType != SpecialType.System_Boolean || columns.Contains(property.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WhenNotABoolProperty, location, outputs[pair.Key].PropertyName, when));
                        continue;
                    }

                    outputs[pair.Key] = outputs[pair.Key] with { When = property.Name };
                }
            }

            private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
            {
                for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                {
                    foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
                        yield return property;
                }
            }

            /// <summary>
            /// The method marked with <paramref name="attributeName"/> ([AnswerReader]: <c>AnswerValues? M(string)</c>;
            /// [AnswerGrammar]: <c>string M()</c>), instance and non-generic; null when there is none. A wrong signature or a
            /// second marked method is DLB0029.
            /// </summary>
            private static string? AnswerMethod(INamedTypeSymbol type, string attributeName, List<DiagnosticInfo> diagnostics)
            {
                string? found = null;
                var reader = attributeName == AnswerReaderAttributeName;
                var attribute = reader ? "[AnswerReader]" : "[AnswerGrammar]";
                var expected = reader ? "an instance method 'AnswerValues? M(string output)'" : "an instance method 'string M()'";
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (!HasAttribute(method, attributeName))
                        continue;
                    var location = method.Locations.FirstOrDefault();
                    var valid = !method.IsStatic && method.Arity == 0 && method.MethodKind == MethodKind.Ordinary
                        && (reader
                            ? method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String && method.Parameters[0].RefKind == RefKind.None
                              && method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).TrimEnd('?') == "global::" + AnswerValuesName
                            : method.Parameters.Length == 0 && method.ReturnType.SpecialType == SpecialType.System_String);
                    if (!valid)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AnswerMethodWrongSignature, location, method.Name, attribute, expected));
                    else if (found is not null)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AnswerMethodWrongSignature, location, method.Name, attribute, "only one method per task (" + found + " is one already)"));
                    else
                        found = method.Name;
                }

                return found;
            }

            /// <summary>
            /// The user template split at its placeholders: inputs by column name, parameters and other properties as in the
            /// system prompt, and <c>{answer_format}</c> as the generated tagged answer format. Any other <c>{name}</c> is DLB0028.
            /// </summary>
            private static EquatableArray<PromptSegment> UserPromptSegments(string typeName, string template, Dictionary<string, string> members, List<InputModel> inputs, List<OutputModel> outputs,
                Location? typeLocation, List<DiagnosticInfo> diagnostics)
            {
                var known = new Dictionary<string, string>(members);
                foreach (var input in inputs)
                    known[input.Column] = input.PropertyName;
                const string formatMarker = "\u0001answer_format";
                if (!known.ContainsKey(AnswerFormatPlaceholder))
                    known[AnswerFormatPlaceholder] = formatMarker;
                foreach (var unknown in PromptTemplate.UnknownPlaceholders(template, known))
                {
                    var names = string.Join(", ", known.Keys.OrderBy(k => k, System.StringComparer.Ordinal).Select(k => "{" + k + "}"));
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownUserPromptPlaceholder, typeLocation, typeName, unknown, names));
                }

                var segments = PromptTemplate.Split(template, known);
                if (segments.Count == 0)
                    return new[] { new PromptSegment(template, false) }.ToEquatableArray();
                return segments.Select(s => s.IsMember && s.Text == formatMarker ? new PromptSegment(PromptFormat.AnswerFormat(outputs), false) : s).ToEquatableArray();
            }

            /// <summary>With a user template, the system prompt may show inputs too (e.g. a row's own system prompt column).</summary>
            private static Dictionary<string, string> WithInputs(Dictionary<string, string> members, List<InputModel> inputs)
            {
                var known = new Dictionary<string, string>(members);
                foreach (var input in inputs)
                    known[input.Column] = input.PropertyName;
                return known;
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

            private static bool TryInputType(ITypeSymbol type, out InputValueType valueType, out bool required, out bool isList, out bool nullableItems)
            {
                required = type.NullableAnnotation != NullableAnnotation.Annotated;
                isList = false;
                nullableItems = false;
                if (ReadOnlyListElement(type) is { } element)
                {
                    valueType = InputValueType.String;
                    isList = true;
                    nullableItems = element.NullableAnnotation == NullableAnnotation.Annotated;
                    return element.SpecialType == SpecialType.System_String;
                }

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
