using Microsoft.CodeAnalysis;

namespace Distilabel.Generators
{
    /// <summary>Every mistake the generator reports: one id per mistake, one descriptor per message.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Distilabel";

        public static readonly DiagnosticDescriptor NotPartial = Error(
            "DLB0001", "LLM task type must be partial",
            "'{0}' must be declared partial so the generator can add the task members");

        public static readonly DiagnosticDescriptor NoInputs = Error(
            "DLB0002", "LLM task has no inputs",
            "LLM task '{0}' has no [Input] member: add at least one input column");

        public static readonly DiagnosticDescriptor NoOutputs = Error(
            "DLB0003", "LLM task has no outputs",
            "LLM task '{0}' has no output: add at least one [Rating] or [Output] member");

        public static readonly DiagnosticDescriptor RatingMinGreaterThanMax = Error(
            "DLB0004", "Rating minimum is greater than its maximum",
            "[Rating({1}, {2})] on '{0}': the minimum {1} is greater than the maximum {2}");

        public static readonly DiagnosticDescriptor RatingRangeNotExpressible = Error(
            "DLB0005", "Rating range cannot be expressed in Argilla",
            "[Rating({1}, {2})] on '{0}': Argilla rating questions take 2 to 10 values that end at 10 at most once shifted to start at 1; use a range of 2 to 10 values (for example 0-4 or 1-10)");

        public static readonly DiagnosticDescriptor RatingWrongType = Error(
            "DLB0006", "Rating property must be int?",
            "[Rating] property '{0}' must be of type int? (or int), not '{1}'");

        public static readonly DiagnosticDescriptor OutputWrongType = Error(
            "DLB0007", "Output property must be string?",
            "[Output] property '{0}' must be of type string? (or string), not '{1}'");

        public static readonly DiagnosticDescriptor DuplicateColumn = Error(
            "DLB0008", "Duplicate column name",
            "Column name '{0}' is used by both '{1}' and '{2}': give one of them another Name");

        public static readonly DiagnosticDescriptor UnsupportedInputType = Error(
            "DLB0009", "Unsupported input type",
            "[Input] property '{0}' has type '{1}', which is not supported: use string, int, long, double, bool (nullable allowed) or IReadOnlyList<string> (a list of items)");

        public static readonly DiagnosticDescriptor NotARecord = Error(
            "DLB0010", "LLM task type must be a record",
            "'{0}' must be a record (ParseOutput returns a copy made with 'with'): declare it as 'partial record'");

        public static readonly DiagnosticDescriptor SeveralRoles = Error(
            "DLB0011", "Member has several task roles",
            "'{0}' has more than one of [Input], [Rating] and [Output]: keep one");

        public static readonly DiagnosticDescriptor NotSettable = Error(
            "DLB0012", "Task property cannot be set",
            "'{0}' must be a writable instance property (with an init or set accessor) so the generated code can fill it");

        public static readonly DiagnosticDescriptor InvalidColumnName = Error(
            "DLB0013", "Invalid column name",
            "Column name '{0}' of '{1}' is invalid: use lowercase letters, digits, '_' or '-', with at least one letter or digit (Argilla's rule)");

        public static readonly DiagnosticDescriptor GenericTask = Error(
            "DLB0014", "LLM task type cannot be generic",
            "'{0}' is generic: an LLM task must be a non-generic record");

        /// <summary>DLB0014 again, for a task nested in a generic type: the message names that type.</summary>
        public static readonly DiagnosticDescriptor GenericContainingType = Error(
            "DLB0014", "LLM task type cannot be generic",
            "'{0}' is nested in the generic type '{1}': an LLM task must be a non-generic record outside any generic type");

        public static readonly DiagnosticDescriptor UnmappedConstructorParameter = Error(
            "DLB0015", "Positional parameter is not a task column",
            "Positional parameter '{1}' of '{0}' has no [Input], [Rating] or [Output]: the generated FromRow cannot fill it");

        public static readonly DiagnosticDescriptor InvalidTaskName = Error(
            "DLB0016", "Invalid task name",
            "Task name '{0}' of '{1}' is invalid: use letters, digits, '_', '-' or '.'");

        public static readonly DiagnosticDescriptor AbstractTask = Error(
            "DLB0017", "LLM task type cannot be abstract",
            "'{0}' is abstract: the generated FromRow must create an instance, so an LLM task record cannot be abstract");

        public static readonly DiagnosticDescriptor RequiredNonColumn = Error(
            "DLB0018", "Required member is not a task column",
            "Required member '{0}' of '{1}' has no [Input], [Rating] or [Output]: the generated FromRow cannot set it; remove 'required' or make it a task column");

        public static readonly DiagnosticDescriptor NoUsableConstructor = Error(
            "DLB0019", "LLM task type has no parameterless constructor",
            "'{0}' has no parameterless constructor and no positional parameters: the generated FromRow cannot create it; add a parameterless constructor or declare the columns as positional parameters");

        public static readonly DiagnosticDescriptor ReservedMemberName = Error(
            "DLB0020", "Member name is used by a generated member",
            "'{0}' of '{1}' has the name of a member the generator adds to every LLM task: rename it");

        public static readonly DiagnosticDescriptor ListOutputWrongType = Error(
            "DLB0021", "List output has an unsupported type",
            "'{0}' has type '{1}': a list output must be IReadOnlyList<int?> ([Rating], one rating per item of a list input), IReadOnlyList<string?> ([Output], one text per item) or IReadOnlyList<string> ([Output], a list of any length)");

        public static readonly DiagnosticDescriptor PerItemWithoutListInput = Error(
            "DLB0022", "Per-item output without a list input",
            "'{0}' holds one value per item of a list input, but the task has no [Input] of type IReadOnlyList<string>: add one, or use IReadOnlyList<string> for a list of any length");

        public static readonly DiagnosticDescriptor AmbiguousItemsOf = Error(
            "DLB0023", "Per-item output with several list inputs",
            "'{0}' holds one value per item, and the task has several list inputs ({1}): say which with For = nameof(...)");

        public static readonly DiagnosticDescriptor ItemsOfNotAListInput = Error(
            "DLB0024", "For names no list input",
            "For = \"{1}\" on '{0}' names no list [Input] of the task (its list inputs: {2})");

        public static readonly DiagnosticDescriptor ForOnNonPerItemOutput = Error(
            "DLB0025", "For on an output that is not per item",
            "For on '{0}' applies only to per-item outputs (IReadOnlyList<int?> or IReadOnlyList<string?>), not to '{1}'");

        public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
            "DLB0026", "Unsupported parameter type",
            "[Parameter] property '{0}' has type '{1}', which is not supported: use string, int, double, bool or an enum");

        public static readonly DiagnosticDescriptor ParameterIsColumn = Error(
            "DLB0027", "Parameter is also a column",
            "'{0}' is both a [Parameter] and a column ([Input], [Rating] or [Output]): a parameter is the same for every row, a column comes from or goes to the row; keep one");

        public static readonly DiagnosticDescriptor UnknownUserPromptPlaceholder = Error(
            "DLB0028", "User prompt placeholder names nothing",
            "The UserPrompt of '{0}' shows '{{{1}}}', which names no input column, parameter or property of the task; known: {2}");

        public static readonly DiagnosticDescriptor AnswerMethodWrongSignature = Error(
            "DLB0029", "Answer format method has the wrong shape",
            "'{0}' is marked {1} but must be {2}");

        public static readonly DiagnosticDescriptor WhenNotABoolProperty = Error(
            "DLB0030", "When names no bool property",
            "'{0}' has When = \"{1}\", which must name a readable instance bool property of the task that is not a column (e.g. When = nameof(HasTypes))");

        public static readonly DiagnosticDescriptor UserPromptWithoutAnswerFormat = Error(
            "DLB0031", "User prompt never tells the answer format",
            "'{0}' has a UserPrompt without {{answer_format}} and no [AnswerReader] method: the LLM would never learn the answer format; add {{answer_format}} to the template, or an [AnswerReader] for the format the template asks for");

        private static DiagnosticDescriptor Error(string id, string title, string message)
            => new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
