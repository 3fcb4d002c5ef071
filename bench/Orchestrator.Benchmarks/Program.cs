using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Orchestrator.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Orchestrator.Benchmarks.Infrastructure.BenchmarkConfig).Assembly).Run(args);
