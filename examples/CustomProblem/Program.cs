using CustomProblem;

int steps = args.Length > 0 && int.TryParse(args[0], out int s) ? s : 3000;
return CubicProblemExample.Run(Path.Combine("runs", "custom-problem"), steps, Console.Out).Members.Count > 0 ? 0 : 1;
