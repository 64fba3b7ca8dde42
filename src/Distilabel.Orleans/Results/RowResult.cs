namespace Distilabel.Orleans.Results;

/// <summary>One labelled row on its way to the submitter: its index in the input, its columns (<see cref="Pipeline.Scheduling.RowTransport"/>) and its typed error.</summary>
[GenerateSerializer, Alias("distilabel.row-result")]
public sealed record RowResult([property: Id(0)] long Index, [property: Id(1)] byte[] Values, [property: Id(2)] string? Error);

/// <summary>Rows a worker delivers at once, with the tokens its LLM spent on them.</summary>
[GenerateSerializer, Alias("distilabel.row-batch")]
public sealed record RowBatch([property: Id(0)] List<RowResult> Rows, [property: Id(1)] long InputTokens, [property: Id(2)] long OutputTokens);
