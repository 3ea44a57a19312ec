using CustomProblem;

// dotnet run --project examples/CustomProblem -c Release -- [steps] [discover [seed=N]]
int steps = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 3000;
ulong seed = args.FirstOrDefault(a => a.StartsWith("seed=", StringComparison.Ordinal)) is string given && ulong.TryParse(given[5..], out ulong n) ? n : 11;
if (args.Contains("discover"))
{
    return CubicProblemExample.Discover(Path.Combine("runs", $"custom-problem-discover-{seed}"), steps, Console.Out, seed: seed).Solutions.Count > 0 ? 0 : 1;
}

return CubicProblemExample.Run(Path.Combine("runs", "custom-problem"), steps, Console.Out).Members.Count > 0 ? 0 : 1;
