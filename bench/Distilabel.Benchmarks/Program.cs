using Distilabel.Benchmarks;

// The Argilla push scenario has its own small option set (see ArgillaPushBench).
if (args is ["argilla-push", .. var pushArgs])
    return await ArgillaPushBench.RunAsync(pushArgs);
if (args is ["argilla-serve", ..])
    return await ArgillaPushBench.ServeAsync();
if (args is ["scale-out", .. var scaleArgs])
    return await ScaleOutBench.RunAsync(scaleArgs);
if (args is ["llamacpp", .. var llamaArgs])
    return await LlamaCppBench.RunAsync(llamaArgs);

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

switch (options.Mode)
{
    case "help":
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    case "serve":
        return await LatencyServer.ServeAsync(options);
    case "parquet-memory":
        return await ParquetMemoryRun.RunAsync(options);
    case "make-parquet":
        return await ParquetMemoryRun.MakeInputAsync(options);
    case "stages":
        return await StageCosts.RunAsync(options);
    case "client-costs":
        return await ClientCosts.RunAsync(options);
    case "compare":
        return await Distilabel.Benchmarks.Compare.ComparisonRun.RunAsync(options);
    case "suite":
        return await Suite.RunAsync(options);
    default:
        var result = await ClientRun.RunAsync(options);
        Console.WriteLine(result.ToText());
        if (options.ResultJson is { } path)
            await File.WriteAllTextAsync(path, result.ToJson());
        return 0;
}
