#:project ../src/Distilabel/Distilabel.csproj
#:project ../src/Distilabel.LlamaCpp/Distilabel.LlamaCpp.csproj
#:project ../generators/Distilabel.Generators/Distilabel.Generators.csproj
#:package Microsoft.CodeAnalysis.CSharp
#:property PublishAot=false

// The file-based twin of 02-custom-tasks.ipynb: the same steps, with console output instead of HTML.
// From the repository root:   dotnet run notebooks/02-custom-tasks.cs
// The LLM is chosen as in 01-helpsteer-aif.cs (OPENAI_BASE_URL + DISTILABEL_MODEL, OPENAI_API_KEY, else llama.cpp).
// The generator project and Roslyn are referenced only for the last step, which compiles a wrong declaration on purpose.
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Distilabel;
using Distilabel.Data;
using Distilabel.Llms;
using Distilabel.Pipeline;
using Distilabel.Rendering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

var repoRoot = FindRepoRoot();

// ── The task ────────────────────────────────────────────────────────────────────────────────────────────────────
// SupportReplyReview is declared at the end of this file.
Heading("The task");
var descriptor = SupportReplyReview.Descriptor;
Console.WriteLine($"Task '{descriptor.Name}': {descriptor.Description}");
foreach (var input in descriptor.Inputs)
    Console.WriteLine($"  input  {input.Name} (property {input.PropertyName}, title \"{input.Title}\")");
foreach (var output in descriptor.Outputs)
    Console.WriteLine($"  output {output.Name}: {output.Kind}{(output.Min is { } min ? $" {min}–{output.Max}" : "")}");

var rows = new List<Dictionary<string, object?>>
{
    new()
    {
        ["product"] = "Wireless earbuds",
        ["customer_message"] = "My left earbud stopped charging after two weeks. I already tried cleaning the contacts.",
        ["agent_reply"] = "I'm sorry to hear that! Your earbuds are under warranty, so I've started a free replacement: a prepaid shipping label is on its way to your email. You can keep the charging case.",
    },
    new()
    {
        ["product"] = "Photo editing app",
        ["customer_message"] = "I was charged twice for my annual subscription this month.",
        ["agent_reply"] = "Billing is the app store's problem, not ours. Ask them.",
    },
    new()
    {
        ["product"] = "Smart thermostat",
        ["customer_message"] = "How do I set a different temperature for weekends?",
        ["agent_reply"] = "Open Schedule, tap Weekend, then drag the temperature for each time slot. The new schedule starts next Saturday. Happy to help if anything is unclear!",
    },
    new()
    {
        ["product"] = "Online course",
        ["customer_message"] = "The video in lesson 4 won't load on my phone.",
        ["agent_reply"] = "works for me",
    },
};

Console.WriteLine($"{rows.Count} rows, columns: {string.Join(", ", rows[0].Keys)}");

// ── What the generator derived ──────────────────────────────────────────────────────────────────────────────────
Heading("The chat for the first row");
foreach (var message in SupportReplyReview.FromRow(rows[0]).BuildPrompt())
    Console.WriteLine($"── {message.Role} ──\n{message.Text}\n");

Heading("The llama.cpp grammar");
Console.WriteLine(SupportReplyReview.OutputGrammar);

Heading("The JSON schema");
Console.WriteLine(JsonNode.Parse(SupportReplyReview.OutputJsonSchema)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

Heading("The Argilla dataset settings");
var json = new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
};
var argilla = SupportReplyReview.ArgillaSettings;
Console.WriteLine(JsonSerializer.Serialize(new { argilla.Guidelines, argilla.Fields, Questions = argilla.Questions.Cast<object>() }, json));

// ── Label the rows ──────────────────────────────────────────────────────────────────────────────────────────────
Heading("Label");
// The labeller: an OpenAI-compatible server (OPENAI_BASE_URL + DISTILABEL_MODEL), OpenAI (OPENAI_API_KEY), else llama.cpp in-process.
var settings = LlmSettings.FromEnvironment(fallbackModelPath: Path.Combine(repoRoot, "..", "shared", "models", "stories260K.gguf"));
using (var judge = await LlmClients.CreateAsync(settings))
{
    var pipeline = LabellingPipeline.For<SupportReplyReview>(judge, new PipelineOptions
    {
        MaxNewTokens = 256, // room for the rationale
        Temperature = 0,
        Seed = 42,
        Concurrency = settings.Provider == LlmProvider.LlamaCpp ? settings.LlamaCppParallelism : 4,
    });
    var title = $"{descriptor.Name} · {pipeline.LabellerName}";
    var labelled = await pipeline.RunAsync(rows, new Reporter<PipelineProgress>(p => PrintProgress(p with { Title = title })));
    Console.WriteLine($"Labelled {labelled.Count(r => r.Succeeded)} of {labelled.Count} rows with {pipeline.LabellerName}.");
    foreach (var row in labelled)
    {
        Console.WriteLine($"  {row.Index}: resolution {row.Values["resolution"] ?? "null"}, politeness {row.Values["politeness"] ?? "null"}, "
                          + $"rationale {Shorten(row.Values["rationale"] as string)}{(row.Error is null ? "" : $" · {row.Error}")}");
    }

    Heading("The first row as an Argilla record");
    Console.WriteLine(JsonSerializer.Serialize(SupportReplyReview.FromRow(labelled[0].Values).ToArgillaRecord(), json));
}

// ── A mistake, caught before anything runs ──────────────────────────────────────────────────────────────────────
// In this file the mistake would simply stop `dotnet run` with error DLB0004. To show it and carry on, the wrong
// declaration is compiled here with the Distilabel generator, as the notebook's #!llm-task cell does.
Heading("A mistake: [Rating(5, 1)]");
var wrong = """
    namespace Tutorial.Mistakes;

    [LlmTask(SystemPrompt = "Rate how persuasive the essay is.")]
    public partial record EssayGrade
    {
        [Input] public required string Essay { get; init; }

        [Rating(5, 1)] // the mistake: the minimum is greater than the maximum
        public int? Persuasiveness { get; init; }
    }
    """;
var diagnostics = GeneratorDiagnostics(wrong);
Console.WriteLine(diagnostics.Count == 0 ? "It compiled?" : "The declaration does not compile:");
foreach (var diagnostic in diagnostics)
    Console.WriteLine("  " + diagnostic);
Console.WriteLine("Done.");

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────
static List<Diagnostic> GeneratorDiagnostics(string source)
{
    var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Append(typeof(LlmTaskAttribute).Assembly.Location)
        .Distinct()
        .Select(path => MetadataReference.CreateFromFile(path));
    var compilation = CSharpCompilation.Create(
        "Mistakes",
        [CSharpSyntaxTree.ParseText("global using System;\nglobal using Distilabel;\n"), CSharpSyntaxTree.ParseText(source, path: "cell.cs")],
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    CSharpGeneratorDriver.Create(new Distilabel.Generators.LlmTaskGenerator())
        .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
    return [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)];
}

static void PrintProgress(PipelineProgress p)
    => Console.WriteLine($"  {p.Title}: {p.Completed}/{p.Total} rows · {p.Failed} failed · {p.RowsPerSecond:0.0} rows/s · tokens in {p.InputTokens} out {p.OutputTokens}");

static string Shorten(string? text) => text is null ? "null" : text.Length <= 60 ? $"\"{text}\"" : $"\"{text[..57]}...\"";

static string FindRepoRoot()
{
    var starts = new[] { Environment.CurrentDirectory, Path.GetDirectoryName(AppContext.GetData("EntryPointFilePath") as string) };
    foreach (var start in starts.OfType<string>())
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Distilabel.Notebooks.sln")))
                return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run this from inside the Distilabel.NET repository (no Distilabel.Notebooks.sln above " + Environment.CurrentDirectory + ").");
}

static void Heading(string text) => Console.WriteLine($"{Environment.NewLine}== {text} ==");

/// <summary>Reports progress on the calling thread (System.Progress would post it to the thread pool, out of order).</summary>
sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>Reviews a support agent's reply: a 1–10 resolution grade, a 0–4 politeness grade and a rationale.</summary>
[LlmTask(
    Name = "support_reply_review",
    Description = "Reviews a support agent's reply to a customer.",
    Guidelines = "Read the customer's message first, then the reply. Grade the reply as the customer would: did it solve the problem, and was it kind?",
    SystemPrompt = """
        You lead a customer support team. You are shown the product a customer wrote about, the customer's message, and the reply one of your agents sent.
        Grade the reply: how well it resolves the customer's problem, how polite it is, and why you graded it so.
        """)]
public partial record SupportReplyReview
{
    [Input] public required string Product { get; init; }

    [Input(Title = "Customer message")] public required string CustomerMessage { get; init; }

    // The dataset calls this column "agent_reply"; the property keeps a shorter name.
    [Input(Name = "agent_reply", Title = "Agent reply")] public required string Reply { get; init; }

    [Rating(1, 10, Description = "1: does not help at all; 10: solves the problem completely.")]
    public int? Resolution { get; init; }

    [Rating(0, 4, Description = "0: rude or dismissive; 4: warm and respectful.")]
    public int? Politeness { get; init; }

    [Output(Description = "One or two sentences explaining both grades.")]
    public string? Rationale { get; init; }
}
