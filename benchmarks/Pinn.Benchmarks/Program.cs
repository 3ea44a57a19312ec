using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Pinn.Benchmarks.GemmBenchmarks).Assembly).Run(args);
