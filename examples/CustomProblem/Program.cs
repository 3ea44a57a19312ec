using CustomProblem;

// dotnet run --project examples/CustomProblem -c Release -- [steps] [discover]
int steps = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 3000;
if (args.Contains("discover"))
{
    return CubicProblemExample.Discover(Path.Combine("runs", "custom-problem-discover"), steps, Console.Out).Solutions.Count > 0 ? 0 : 1;
}

return CubicProblemExample.Run(Path.Combine("runs", "custom-problem"), steps, Console.Out).Members.Count > 0 ? 0 : 1;
