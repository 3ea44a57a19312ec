using System.Globalization;
using System.Numerics;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Networks;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// Finds the solutions of a problem on purpose, by deflation (Farrell, Birkisson &amp; Funke 2015). Members are trained
/// in rounds of <see cref="EnsembleOptions.Members"/>, each round with its own seed and its members' outputs shifted by
/// <see cref="DiscoveryOptions.Offset"/>; every member is deflated against every solution found in earlier rounds (the
/// Gauss–Newton phase always, the first-order phase when <see cref="DeflationOptions.FirstOrder"/>). Until a solution
/// is known every round explores (first-order phase, then Gauss–Newton); after that rounds 1, 3, … explore (with Adam
/// instead of BBI on the deflated loss, <see cref="DiscoveryOptions.DeflatedLearningRate"/>) and rounds 2, 4, … run
/// deflated Gauss–Newton straight from the shifted starts (unless <see cref="DiscoveryOptions.ExploreEveryRound"/>). A member whose data loss meets the tolerance and whose distance to
/// every solution found so far exceeds the threshold is a new solution; a nearer one is merged with it. The run stops
/// after <see cref="DiscoveryOptions.Patience"/> consecutive members that found nothing new, or at
/// <see cref="DiscoveryOptions.MaximumMembers"/>. Each solution is compared with the shooting catalogue; a radial one
/// missing from it is checked by shooting near its u(0).
/// </summary>
public static class SolutionDiscovery
{
    /// <summary>Runs a discovery.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Run options of each round (<see cref="RunOptions.Deflation"/> defaults to <see cref="DeflationOptions"/>'s).</param>
    /// <param name="discovery">When a member counts as new, and when to stop.</param>
    /// <param name="shooting">The u(0) range of the catalogue the result is checked against.</param>
    /// <param name="note">Receives one line per member and the catalogue found; may be null.</param>
    /// <param name="observer">Progress of each round's training; may be null.</param>
    /// <param name="cancellation">Stops after the current step of the current round; the solutions found so far are returned.</param>
    /// <exception cref="ArgumentException">The options name a shard (<see cref="RunOptions.Shard"/>).</exception>
    public static DiscoveryResult Run(NonlinearPoisson problem, RunOptions options, DiscoveryOptions? discovery = null, ShootingOptions? shooting = null, Action<string>? note = null, ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Shard is not null)
        {
            throw new ArgumentException("A discovery cannot run as a shard: every round is deflated against the solutions of the rounds before it. Remove the shard section, and run independent discoveries (other seeds) as separate jobs instead.");
        }

        var settings = (discovery ?? new DiscoveryOptions()).Validate();
        var shoot = (shooting ?? new ShootingOptions()).Validate();
        options = (options with { Deflation = options.Deflation ?? new DeflationOptions() }).Validate();
        var (catalog, text) = BatchSolver.Catalogue(problem, shoot);
        note?.Invoke(BatchSolver.CatalogueLine(catalog, text, "G8"));
        var state = new State(problem, settings, shoot, catalog, note);
        int round = 0;
        while (state.Members < settings.MaximumMembers && state.SinceNew < settings.Patience && !cancellation.IsCancellationRequested)
        {
            int k = Math.Min(options.Ensemble.Members, settings.MaximumMembers - state.Members);
            // After the first round, rounds alternate between exploring (BBI from shifted starts, then deflated
            // Gauss–Newton: rounds 1, 3, …) and deflated Gauss–Newton straight from the shifted starts (rounds 2, 4, …).
            bool explore = round % 2 == 1 || state.Found.Count == 0 || settings.ExploreEveryRound;
            bool deflatedExploration = explore && state.Found.Count > 0 && options.Deflation!.FirstOrder;
            var roundOptions = options with
            {
                Optimizer = deflatedExploration && options.Optimizer is BbiOptions && settings.DeflatedLearningRate > 0
                    ? new AdamOptions(settings.DeflatedLearningRate)
                    : options.Optimizer,
                Ensemble = options.Ensemble with { Members = k },
                Training = options.Training with
                {
                    Seed = options.Training.Seed + (1_000_003UL * (ulong)round),
                    Steps = explore || options.Polish is null ? options.Training.Steps : 1,
                },
            };
            if (options.Training.Precision == Precision.F32)
            {
                RunRound<float>(state, roundOptions, observer, cancellation);
            }
            else
            {
                RunRound<double>(state, roundOptions, observer, cancellation);
            }

            round++;
        }

        string stop = cancellation.IsCancellationRequested
            ? "cancelled"
            : state.SinceNew >= settings.Patience
                ? $"no new solution in the last {settings.Patience} member(s)"
                : $"reached the maximum of {settings.MaximumMembers} member(s)";
        int d = problem.Dimension;
        var slicePoints = RadialSlices.Points(d);
        var shape = Shape(problem, options);
        var slices = new RadialSlices(slicePoints.Select(p => p[0]).ToArray(), state.Found.Select(f => NetworkEvaluation.Values(shape, f.Parameters, slicePoints)).ToList());
        return new DiscoveryResult(problem.ToString(), catalog, state.Found, state.Outcomes, stop, slices, d, options.Network);
    }

    private static ResidualNetworkShape Shape(NonlinearPoisson problem, RunOptions options) =>
        new ResidualNetworkShape(problem.Dimension, options.Network.Width, options.Network.Depth, options.Network.Activation).Validate();

    private static void RunRound<T>(State state, RunOptions options, ITrainingObserver? observer, CancellationToken cancellation)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var problem = state.Problem;
        using var trainer = new Trainer<T>(new TrainingProblem(problem.Name, problem.ToResidualForm(), problem.KnownSolutions), options, ComputeDevices.For<T>(options.Training));
        foreach (var m in trainer.Members)
        {
            // Shift the member's output: its starting network is u₀(x) + offset (see DiscoveryOptions.OffsetStep).
            var theta = trainer.Parameters(m.Index);
            theta[trainer.Shape.OutputBiasOffset] += state.Settings.Offset(m.Index);
            trainer.WarmStart(m.Index, theta);
        }

        var deflationPoints = trainer.DeflationPoints;
        foreach (var f in state.Found)
        {
            var values = NetworkEvaluation.Values(trainer.Shape, f.Parameters, deflationPoints);
            trainer.Deflate(values);
        }

        trainer.Run(observer, checkpoint: null, cancellation);
        if (cancellation.IsCancellationRequested)
        {
            return;
        }

        var metrics = trainer.Evaluate().ToDictionary(r => r.Member);
        bool deflated = trainer.DeflatedSolutions > 0;
        var phases = new List<string>();
        if (options.Training.Steps > 1 || options.Polish is null)
        {
            phases.Add($"{options.Optimizer.Kind}{(deflated && options.Deflation!.FirstOrder ? " (deflated)" : string.Empty)}");
        }

        if (options.Polish is { } polish)
        {
            phases.Add($"{polish.Kind}{(deflated ? " (deflated)" : string.Empty)}");
        }

        string method = string.Join(", then ", phases);
        foreach (var m in trainer.Members)
        {
            int index = state.Members++;
            // The data loss (residual and boundary terms) on the validation points: the weight penalty says nothing about
            // whether u solves the problem.
            bool measured = metrics.TryGetValue(m.Index, out var r);
            double loss = measured ? r!.Loss - r.Regularization : double.NaN;
            double scale = Math.Max(Math.Max(1, state.SourceScale), measured ? r!.MeanSquareValue : 1);
            bool converged = m.State != MemberState.Stopped && loss <= state.Settings.LossTolerance * scale;
            string outcome;
            if (!converged)
            {
                double u0 = trainer.EvaluateMember(m.Index, [new double[problem.Dimension]])[0];
                outcome = m.State == MemberState.Stopped ? m.StopReason : string.Create(CultureInfo.InvariantCulture, $"not converged (u(0) = {u0:G4}; {m.PolishNote ?? "polishing ran to its end"})");
                state.SinceNew++;
            }
            else
            {
                outcome = state.Consider(trainer.Parameters(m.Index), trainer.Shape, loss, index, trainer.Step);
            }

            state.Outcomes.Add(new DiscoveryMember(index, trainer.DeflatedSolutions, loss, converged, outcome, method));
            state.Note?.Invoke(string.Create(CultureInfo.InvariantCulture, $"member {index} ({method}; deflated against {trainer.DeflatedSolutions}): loss {loss:G3}, {outcome}"));
        }
    }

    /// <summary>The run so far: solutions, member outcomes, counters.</summary>
    private sealed class State(NonlinearPoisson problem, DiscoveryOptions settings, ShootingOptions shooting, SolutionCatalog catalog, Action<string>? note)
    {
        private readonly ClassifierOptions classifier = new();
        private readonly double[][] samples = SolutionClassifier.SamplePoints(problem.Dimension, new ClassifierOptions());
        private readonly List<double[]> foundSamples = [];

        public NonlinearPoisson Problem => problem;

        public DiscoveryOptions Settings => settings;

        public Action<string>? Note => note;

        public List<FoundSolution> Found { get; } = [];

        public List<DiscoveryMember> Outcomes { get; } = [];

        public int Members { get; set; }

        public int SinceNew { get; set; }

        /// <summary>Mean f² over the classifier's sample points: the size of the residual's terms.</summary>
        public double SourceScale { get; } = MeanSquareSource(problem);

        /// <summary>A converged member: a new solution, or the same as one found (then the lower loss is kept).</summary>
        public string Consider(double[] theta, ResidualNetworkShape shape, double loss, int member, long step)
        {
            var values = NetworkEvaluation.Values(shape, theta, samples);
            for (int i = 0; i < Found.Count; i++)
            {
                double distance = RelativeError.Rms(values, foundSamples[i], settings.DistanceFloor);
                if (distance <= settings.DistanceThreshold)
                {
                    SinceNew++;
                    if (loss < Found[i].Loss)
                    {
                        Found[i] = Describe(Found[i].Name, theta, shape, values, loss, member, step);
                        foundSamples[i] = values;
                    }

                    return string.Create(CultureInfo.InvariantCulture, $"same as {Found[i].Name} (distance {distance:G3})");
                }
            }

            var solution = Describe($"found-{Found.Count + 1}", theta, shape, values, loss, member, step);
            Found.Add(solution);
            foundSamples.Add(values);
            SinceNew = 0;
            string what = solution.MatchedEntry is { } entry
                ? string.Create(CultureInfo.InvariantCulture, $"catalogued {entry}, error {solution.Distances[entry]:G3}")
                : solution.IsRadial
                    ? solution.ShootingCheck is double u0 ? string.Create(CultureInfo.InvariantCulture, $"radial, not in the catalogue; shooting confirms u(0) = {u0:G8}") : "radial, not in the catalogue, not confirmed by shooting"
                    : "non-radial";
            return string.Create(CultureInfo.InvariantCulture, $"new {solution.Name}: u(0) = {solution.U0:G6}, {what}");
        }

        private FoundSolution Describe(string name, double[] theta, ResidualNetworkShape shape, double[] values, double loss, int member, long step)
        {
            var c = SolutionClassifier.Classify(samples, values, catalog, classifier);
            double u0 = NetworkEvaluation.Values(shape, theta, [new double[problem.Dimension]])[0];
            string? match = c.Class == Classification.Unclassified ? null : c.Class;
            double? check = match is null && c.IsRadial ? ShootNear(u0) : null;
            return new FoundSolution(name, u0, loss, match, c.Distances, c.RadialSpread, c.IsRadial, check, member, step, theta);
        }

        /// <summary>Mean f² over the classifier's sample points, finite values only (a manufactured f can hold removable singularities such as sin(2r)/r at r = 0).</summary>
        private static double MeanSquareSource(NonlinearPoisson problem)
        {
            var f = Pinn.Core.Symbolic.ExprCompiler.Compile(problem.Source, problem.Dimension, problem.Parameters);
            return SolutionClassifier.SamplePoints(problem.Dimension, new ClassifierOptions()).Select(x => f.Evaluate(x)).Where(double.IsFinite).Select(v => v * v).DefaultIfEmpty(0).Average();
        }

        /// <summary>The radial solution shooting finds nearest to <paramref name="u0"/> within 10 % (at least 0.5) of it, or null.</summary>
        private double? ShootNear(double u0)
        {
            double width = Math.Max(0.5, 0.1 * Math.Abs(u0));
            try
            {
                var roots = RadialShooting.FindAll(problem, shooting with { Minimum = u0 - width, Maximum = u0 + width, ScanPoints = 201 });
                return roots.Count == 0 ? null : roots.MinBy(s => Math.Abs(s.U0 - u0))!.U0;
            }
            catch (ProblemDefinitionException)
            {
                return null;
            }
        }
    }
}
