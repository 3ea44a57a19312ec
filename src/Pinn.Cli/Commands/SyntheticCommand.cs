using Pinn.Core.Configuration;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pinn.Core.IO;
using Pinn.Core.Optimization;
using Pinn.Plotting;
using Pinn.Core.Randomness;
using Pinn.Optimizers;
using Pinn.Optimizers.Synthetic;

using Pinn.Cli.Running;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn synthetic</c>: the paper's synthetic experiments (§4.1–4.3) and single-trajectory traces.</summary>
internal static class SyntheticCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("synthetic", "The paper's synthetic optimizer experiments: ackley, zakharov, two-basin, and trace.");
        command.Subcommands.Add(Ackley(output));
        command.Subcommands.Add(Zakharov(output));
        command.Subcommands.Add(TwoBasin(output));
        command.Subcommands.Add(Trace(output));
        return command;
    }

    private static Option<string> OutOption() => new("--out") { Description = "Directory for the SVG plot.", DefaultValueFactory = _ => Path.Combine("runs", "synthetic") };

    private static Command Ackley(TextWriter output)
    {
        var starts = new Option<int>("--starts") { Description = "Random starts in [-4, 4]^2.", DefaultValueFactory = _ => 100 };
        var steps = new Option<int>("--steps") { Description = "Steps per try.", DefaultValueFactory = _ => 30_000 };
        var tries = new Option<int>("--tries") { Description = "Tries per start (BBI runs differ in their bounces).", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random starts and bounce streams.", DefaultValueFactory = _ => 42 };
        var outDir = OutOption();
        var command = new Command("ackley", "Success counts (F < 5e-4) of BBI and GDM on the 2-D Ackley function, textbook (b = 0.2) and reference-code (b = 0.02) variants.") { starts, steps, tries, seed, outDir };
        command.SetAction(parse =>
        {
            int n = Positive(parse.GetValue(starts), "--starts"), s = Positive(parse.GetValue(steps), "--steps"), t = Positive(parse.GetValue(tries), "--tries");
            Pinn.Runs.RunDirectory.CheckWritablePath(parse.GetValue(outDir)); // before the work, in one line
            output.WriteLine($"Ackley, {n} starts in [-4,4]^2, up to {t} tries of {s} steps; success = F < 5e-4 (reference: BBI 83/100, SGD 0/100 on b = 0.02)");
            output.WriteLine($"  {"function",-12} {"optimizer",-9} {"successes",10} {"median best F",14}");
            var series = new List<Series>();
            foreach (var f in new SyntheticFunction[] { new Ackley(0.2), new Ackley(0.02) })
            {
                foreach (var (name, options) in new (string, IOptimizerOptions)[] { ("bbi", SyntheticExperiments.AckleyBbi), ("gdm", SyntheticExperiments.AckleyGdm) })
                {
                    var r = SyntheticExperiments.RunAckley(f, name, options, n, s, t, parse.GetValue(seed), progress: new QuarterProgress(output, $"  {f.Name} {name}", n, "runs"));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f.Name,-12} {name,-9} {r.Successes,6}/{r.Starts,-3} {r.MedianBest,14:E2}"));
                }

                var example = SyntheticRunner.Run<double>(f, [2.5, 1.5], SyntheticExperiments.AckleyBbi, new Xoshiro256(parse.GetValue(seed)), s);
                series.Add(new Series($"bbi, {f.Name}", Enumerable.Range(0, example.Values.Count).Select(i => (double)i).ToArray(), example.Values.ToArray()));
            }

            Write(parse.GetValue(outDir)!, "ackley", new Chart("Ackley from (2.5, 1.5): F against step", new Axis("step"), new Axis("F", AxisScale.Log), series), output);
            return 0;
        });
        return command;
    }

    private static Command Zakharov(TextWriter output)
    {
        var dim = new Option<int>("--dim") { Description = "Dimension n of the Zakharov function.", DefaultValueFactory = _ => 10 };
        var steps = new Option<int>("--steps") { Description = "Steps of each optimizer.", DefaultValueFactory = _ => 10_000 };
        var outDir = OutOption();
        var command = new Command("zakharov", "BBI (bounces off) against GDM on Zakharov from (1, ..., 1), as in the paper's Fig. 4.") { dim, steps, outDir };
        command.SetAction(parse =>
        {
            int n = Positive(parse.GetValue(dim), "--dim"), s = Positive(parse.GetValue(steps), "--steps");
            Pinn.Runs.RunDirectory.CheckWritablePath(parse.GetValue(outDir)); // before the work, in one line
            var bbi = SyntheticExperiments.RunZakharov(SyntheticExperiments.ZakharovBbi, n, s);
            var gdm = SyntheticExperiments.RunZakharov(SyntheticExperiments.ZakharovGdm, n, s);
            output.WriteLine($"Zakharov, n = {n}, from (1,...,1): F after step");
            output.WriteLine($"  {"step",8} {"BBI",14} {"GDM",14}");
            foreach (int k in new[] { 0, 10, 100, 1000, 2500, 5000, s }.Where(k => k <= s).Distinct())
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k,8} {At(bbi, k),14:E4} {At(gdm, k),14:E4}"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  best     {bbi.Best,14:E4} {gdm.Best,14:E4}"));
            var x = Enumerable.Range(0, s + 1).Select(i => (double)i).ToArray();
            Write(parse.GetValue(outDir)!, "zakharov", new Chart($"Zakharov (n = {n})", new Axis("step"), new Axis("F", AxisScale.Log), [new Series("BBI", x[..bbi.Values.Count], bbi.Values.ToArray()), new Series("GDM", x[..gdm.Values.Count], gdm.Values.ToArray())]), output);
            return 0;
        });
        return command;
    }

    private static Command TwoBasin(TextWriter output)
    {
        var runs = new Option<int>("--runs") { Description = "BBI runs (each with its own bounce stream).", DefaultValueFactory = _ => 1000 };
        var steps = new Option<int>("--steps") { Description = "Step limit per run.", DefaultValueFactory = _ => 25_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the runs' bounce streams.", DefaultValueFactory = _ => 42 };
        var outDir = OutOption();
        var command = new Command("two-basin", "Count which basin BBI runs from (10, -10) end in, against the mixing prediction sqrt(det H2 / det H1) and GDM (deterministic: one basin); plot F against step.") { runs, steps, seed, outDir };
        command.SetAction(parse =>
        {
            int n = Positive(parse.GetValue(runs), "--runs"), s = Positive(parse.GetValue(steps), "--steps");
            Pinn.Runs.RunDirectory.CheckWritablePath(parse.GetValue(outDir)); // before the work, in one line
            var r = SyntheticExperiments.RunTwoBasin(n, s, parse.GetValue(seed), new QuarterProgress(output, "  two-basin", n, "runs"));
            output.WriteLine($"two-basin, {n} BBI runs from (10, -10):");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  basin 1 (c1 = (-2,-2)): {r.Basin1}   basin 2 (c2 = (2,2)): {r.Basin2}   neither: {r.Unfinished}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  n1/n2 = {r.Ratio:F4}; prediction sqrt(det H2/det H1) = {r.Prediction:F4}; relative deviation {Math.Abs(r.Ratio - r.Prediction) / r.Prediction:F3} (reference code: 1.7248 over 2000 runs)"));
            var gdm = SyntheticExperiments.RunTwoBasinOnce(SyntheticExperiments.TwoBasinGdm, s, parse.GetValue(seed));
            var g = SyntheticExperiments.TwoBasinGdm;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GDM (lr {g.LearningRate}, momentum {g.Momentum}): {(gdm.Basin == 0 ? "no basin" : $"basin {gdm.Basin}")} after {gdm.Trajectory.Values.Count - 1} steps; deterministic, so all {n} runs would end there"));

            // F against step: GDM, and the first BBI run that ends in each basin.
            var series = new List<Series> { Curve("GDM", gdm.Trajectory) };
            foreach (int basin in new[] { 1, 2 })
            {
                for (int run = 0; run < Math.Min(n, 64); run++)
                {
                    var bbi = SyntheticExperiments.RunTwoBasinOnce(SyntheticExperiments.TwoBasinBbi, s, parse.GetValue(seed), run);
                    if (bbi.Basin == basin)
                    {
                        series.Add(Curve($"BBI run {run} (basin {basin})", bbi.Trajectory));
                        break;
                    }
                }
            }

            Write(parse.GetValue(outDir)!, "two-basin", new Chart("Two basins from (10, -10): F − min F against step", new Axis("step"), new Axis("F − min F", AxisScale.Log), series), output);
            return 0;
        });
        return command;

        static Series Curve(string name, Trajectory t)
        {
            var f = new Pinn.Optimizers.Synthetic.TwoBasin();
            double floor = Math.Min(f.Value(Pinn.Optimizers.Synthetic.TwoBasin.Center1), f.Value(Pinn.Optimizers.Synthetic.TwoBasin.Center2)); // the basins' floors, ≈ 0
            return new Series(name, Enumerable.Range(0, t.Values.Count).Select(i => (double)i).ToArray(), t.Values.Select(v => Math.Max(v - floor, 1e-16)).ToArray());
        }
    }

    private static Command Trace(TextWriter output)
    {
        var function = new Option<string>("--function") { Description = "zakharov, ackley (b = 0.2), ackley-repo (b = 0.02) or two-basin.", Required = true };
        var dim = new Option<int?>("--dim") { Description = "Dimension (default: from --start, else 2)." };
        var start = new Option<string?>("--start") { Description = "Comma-separated start, e.g. --start=-1,-1 (default: all ones)." };
        var optimizer = new Option<string>("--optimizer") { DefaultValueFactory = _ => "bbi", Description = "bbi, adam or gdm." };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 0.01, Description = "Δt for BBI, learning rate otherwise." };
        var deltaE = new Option<double>("--delta-e") { Description = "BBI extra energy δE (E = V₀ + δE).", DefaultValueFactory = _ => 0 };
        var v0 = new Option<double>("--v0") { Description = "BBI energy shift ΔV (V = F − ΔV); must stay below the starting F.", DefaultValueFactory = _ => 0 };
        var defaults = BbiOptions.ReferenceCode; // the authors' code's bounce settings
        var t0 = new Option<long>("--t0") { Description = "BBI T₀: steps between fixed bounces.", DefaultValueFactory = _ => defaults.FixedBouncePeriod };
        var t1 = new Option<long>("--t1") { Description = "BBI T₁: bounce after this many steps without a new lowest F.", DefaultValueFactory = _ => defaults.ProgressBounceThreshold };
        var nb = new Option<long>("--nb") { Description = "BBI N_b: number of fixed bounces.", DefaultValueFactory = _ => defaults.FixedBounceCount };
        var momentum = new Option<double>("--momentum") { DefaultValueFactory = _ => 0.9, Description = "GDM momentum." };
        var noBounces = new Option<bool>("--no-bounces") { Description = "BBI without bounces (the energy-conserving dynamics alone)." };
        var steps = new Option<int>("--steps") { Description = "Optimizer calls.", DefaultValueFactory = _ => 1000 };
        var precision = new Option<string>("--precision") { Description = "f64 or f32 parameters.", DefaultValueFactory = _ => "f64" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the bounce directions.", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Print {\"F\": [...], \"bounces\": [...]} with round-trip doubles." };
        var command = new Command("trace", "Run one optimizer on one function from a start and print the trajectory.") { function, dim, start, optimizer, lr, deltaE, v0, t0, t1, nb, momentum, noBounces, steps, precision, seed, json };
        command.SetAction(parse =>
        {
            var f = SyntheticFunction.FromName(parse.GetValue(function)!);
            if (parse.GetValue(dim) is int dims && dims is < 1 or > 1_000_000)
            {
                throw new ArgumentException($"--dim must be from 1 to 1000000, not {dims}.");
            }

            double[] x0 = parse.GetValue(start) is string text
                ? text.Split(',').Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : throw new ArgumentException($"--start: '{v}' is not a finite number (write --start=-1,-1 for negative values).")).ToArray()
                : Enumerable.Repeat(1.0, parse.GetValue(dim) ?? 2).ToArray();
            if (parse.GetValue(dim) is int d0 && d0 != x0.Length)
            {
                throw new ArgumentException($"--dim {d0} does not match the {x0.Length} coordinates of --start.");
            }

            if (f is TwoBasin && x0.Length != 2)
            {
                throw new ArgumentException("--start: two-basin is 2-dimensional.");
            }

            double start0 = f.Value(x0);
            if (!double.IsFinite(start0))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--start: F = {start0} at the start (it overflows there); choose a start where {f.Name} is finite."));
            }

            IOptimizerOptions options = parse.GetValue(optimizer) switch
            {
                "bbi" => Bbi(parse.GetValue(lr), parse.GetValue(deltaE), parse.GetValue(v0), parse.GetValue(t0), parse.GetValue(t1), parse.GetValue(nb), parse.GetValue(noBounces)),
                "adam" => new AdamOptions(parse.GetValue(lr)).Validate(),
                "gdm" => new GradientDescentMomentumOptions(parse.GetValue(lr), parse.GetValue(momentum)).Validate(),
                var other => throw new ArgumentException($"--optimizer: unknown '{other}'; use bbi, adam or gdm."),
            };
            int n = Positive(parse.GetValue(steps), "--steps");
            var random = new Xoshiro256(parse.GetValue(seed));
            var t = parse.GetValue(precision) switch
            {
                "f64" => SyntheticRunner.Run<double>(f, x0, options, random, n),
                "f32" => SyntheticRunner.Run<float>(f, x0, options, random, n),
                var other => throw new ArgumentException($"--precision: unknown '{other}'; use f32 or f64."),
            };
            int diverged = t.Values.Select((v, k) => (Value: v, Call: k)).FirstOrDefault(p => !double.IsFinite(p.Value), (Value: 0.0, Call: -1)).Call;
            if (parse.GetValue(json))
            {
                output.WriteLine("{\"F\": [" + string.Join(", ", t.Values.Select(v => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : JsonSerializer.Serialize(v.ToString(CultureInfo.InvariantCulture)))) + "], \"bounces\": [" + string.Join(", ", t.BounceCalls) + "]}");
                return diverged >= 0 ? Diverged : 0;
            }

            output.WriteLine($"{f.Name}, {parse.GetValue(optimizer)} from ({string.Join(", ", x0.Select(v => v.ToString(CultureInfo.InvariantCulture)))}), {t.Outcomes.Count} calls");
            for (int k = 0; k < t.Values.Count; k++)
            {
                string mark = k > 0 && t.Outcomes[k - 1] != StepOutcome.Moved ? $"  ({t.Outcomes[k - 1].ToString().ToLowerInvariant()})" : string.Empty;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {k,7} {t.Values[k]:R}{mark}"));
            }

            if (diverged >= 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pinn: the trajectory diverged: F = {t.Values[diverged]} after call {diverged}; try a smaller --lr (or --precision f64)."));
                return Diverged;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best F {t.Best:R}; final θ = ({string.Join(", ", t.Final.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})"));
            return 0;
        });
        return command;
    }

    /// <summary>Exit code of a trace whose F became non-finite (as a run in which no member finished).</summary>
    private const int Diverged = 3;

    private static BbiOptions Bbi(double lr, double deltaE, double v0, long t0, long t1, long nb, bool noBounces)
    {
        var o = new BbiOptions(TimeStep: lr, ExtraEnergy: deltaE, EnergyShift: v0, FixedBouncePeriod: t0, ProgressBounceThreshold: t1, FixedBounceCount: nb, LossScale: 0);
        try
        {
            return (noBounces ? o.NoBounces() : o).Validate();
        }
        catch (OptionsValidationException e)
        {
            string option = e.Property switch { "TimeStep" => "--lr", "ExtraEnergy" => "--delta-e", "EnergyShift" => "--v0", "FixedBouncePeriod" => "--t0", "ProgressBounceThreshold" => "--t1", "FixedBounceCount" => "--nb", _ => e.Property };
            throw new ArgumentException($"{option}: {e.Reason}");
        }
    }

    private static double At(Trajectory t, int k) => t.Values[Math.Min(k, t.Values.Count - 1)];

    private static int Positive(int value, string option) => value >= 1 ? value : throw new ArgumentException($"{option} must be ≥ 1.");

    private static void Write(string directory, string name, Chart chart, TextWriter output)
    {
        var (svg, png) = ChartExporter.Write(chart, directory, name);
        output.WriteLine($"plot: {svg}, {png}");
    }
}
