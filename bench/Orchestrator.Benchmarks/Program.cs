using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Orchestrator.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
