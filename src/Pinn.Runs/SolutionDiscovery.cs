using System.Globalization;
using System.Numerics;
using Pinn.Core.LinearAlgebra;
using Pinn.Core.Loss;
using Pinn.Core.Networks;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Problems;
using Pinn.Runs.Files;
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
/// <see cref="DiscoveryOptions.MaximumMembers"/>. Each solution is compared with the shooting catalog; a radial one
/// missing from it is checked by shooting near its u(0). Once the rounds stop, every found solution is polished once more
/// undeflated (so that all end at one accuracy), and each cataloged solution no member found
/// gets one more member, started from a network fitted to it (<see cref="CatalogStart"/>) and polished undeflated: what
/// shooting knows is used, and a solution still missed is named with that member's outcome.
/// </summary>
public static class SolutionDiscovery
{
    /// <summary>Runs a discovery.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Run options of each round (<see cref="RunOptions.Deflation"/> defaults to <see cref="DeflationOptions"/>'s).</param>
    /// <param name="discovery">When a member counts as new, and when to stop.</param>
    /// <param name="shooting">The u(0) range of the catalog the result is checked against (default <see cref="ShootingOptions.Automatic"/>: grown from the problem).</param>
    /// <param name="note">Receives one line per member and the catalog found; may be null.</param>
    /// <param name="observer">Progress of each round's training; may be null.</param>
    /// <param name="cancellation">Stops after the current step of the current round; the solutions found so far are returned.</param>
    /// <exception cref="ArgumentException">The options name a shard (<see cref="RunOptions.Shard"/>).</exception>
    public static DiscoveryResult Run(NonlinearPoisson problem, RunOptions options, DiscoveryOptions? discovery = null, ShootingOptions? shooting = null, Action<string>? note = null, ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Shard is not null)
        {
            throw new ArgumentException("A discovery cannot run as a shard of one run: every round is deflated against the solutions of the rounds before it. Shard each round instead (DiscoveryShards.RunShard and MergeRound; pinn discover --shard I/N and --merge-shards N), or run independent discoveries (other seeds) as separate jobs.");
        }

        var settings = (discovery ?? new DiscoveryOptions()).Validate();
        var shoot = (shooting ?? ShootingOptions.Automatic).Validate();
        options = WithDeflation(options);
        var state = Begin(problem, options, settings, shoot, DiscoveryState.Start, note);
        while (state.StopReason is null && !cancellation.IsCancellationRequested)
        {
            var members = TrainRound(problem, RoundOptions(options, state.Settings, state.Round, state.Members, state.Found.Count), state.Settings, state.Found, observer, cancellation);
            if (members is null)
            {
                break; // cancelled during the round: its members are not counted
            }

            state.Record(members);
        }

        if (state.StopReason is { } stop && !cancellation.IsCancellationRequested)
        {
            state.SeekMissed(options, stop);
        }

        return state.Result(state.StopReason ?? "cancelled", options);
    }

    /// <summary>The run options with deflation on (its defaults unless the options set it), validated.</summary>
    internal static RunOptions WithDeflation(RunOptions options) => (options with { Deflation = options.Deflation ?? new DeflationOptions() }).Validate();

    /// <summary>
    /// Computes the shooting catalog (noted), the settings' output step when not given (<see cref="DiscoveryOptions.WithOffsetStepFrom"/>,
    /// noted) and the classification state of a discovery at <paramref name="saved"/>.
    /// </summary>
    internal static State Begin(NonlinearPoisson problem, RunOptions options, DiscoveryOptions settings, ShootingOptions shooting, DiscoveryState saved, Action<string>? note)
    {
        var (catalog, text) = BatchSolver.CatalogFor(problem, shooting);
        note?.Invoke(BatchSolver.CatalogLine(catalog, text, "G8"));
        var (chosen, shifts) = settings.WithOffsetStepFrom(catalog);
        note?.Invoke(shifts);
        return new State(problem, chosen, shooting, catalog, Shape(problem, options), note, saved);
    }

    /// <summary>
    /// The options of round <paramref name="round"/>: its members (the rest of the budget, at most the ensemble), its seed, and
    /// its method. After the first round, rounds alternate between exploring (BBI — or Adam when deflated — from shifted
    /// starts, then deflated Gauss–Newton: rounds 1, 3, …) and deflated Gauss–Newton straight from the shifted starts (rounds 2, 4, …).
    /// </summary>
    internal static RunOptions RoundOptions(RunOptions options, DiscoveryOptions settings, int round, int membersSoFar, int found)
    {
        int k = Math.Min(options.Ensemble.Members, settings.MaximumMembers - membersSoFar);
        bool explore = round % 2 == 1 || found == 0 || settings.ExploreEveryRound;
        bool deflatedExploration = explore && found > 0 && options.Deflation!.FirstOrder;
        return options with
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
    }

    private static ResidualNetworkShape Shape(NonlinearPoisson problem, RunOptions options) =>
        new ResidualNetworkShape(problem.Dimension, options.Network.Width, options.Network.Depth, options.Network.Activation).Validate();

    /// <summary>
    /// Trains the members of one round (all of them, or the shard <see cref="RunOptions.Shard"/> names), deflated against
    /// <paramref name="found"/>, and returns what the classification needs of each; null when cancelled.
    /// </summary>
    internal static List<DiscoveryRoundMember>? TrainRound(NonlinearPoisson problem, RunOptions options, DiscoveryOptions settings, IReadOnlyList<FoundSolution> found, ITrainingObserver? observer, CancellationToken cancellation)
    {
        var training = new TrainingProblem(problem.Name, problem.ToResidualForm(), problem.KnownSolutions);
        using var trainer = RunSession.Start(training, options);
        foreach (var m in trainer.Members)
        {
            // Shift the member's output: its starting network is u₀(x) + offset (see DiscoveryOptions.OffsetStep).
            var theta = trainer.Parameters(m.Index);
            theta[trainer.Shape.OutputBiasOffset] += settings.Offset(m.Index);
            trainer.WarmStart(m.Index, theta);
        }

        var deflationPoints = trainer.DeflationPoints;
        foreach (var f in found)
        {
            var values = NetworkEvaluation.Values(trainer.Shape, f.Parameters, deflationPoints);
            trainer.Deflate(values);
        }

        trainer.Run(observer, checkpoint: null, cancellation);
        if (cancellation.IsCancellationRequested)
        {
            return null;
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
        var origin = new double[problem.Dimension];
        double sourceScale = State.MeanSquareSource(problem);
        return trainer.Members.Select(m =>
        {
            // The data loss (residual and boundary terms) on the validation points: the weight penalty says nothing about
            // whether u solves the problem.
            bool measured = metrics.TryGetValue(m.Index, out var r);
            var member = new DiscoveryRoundMember(
                m.Index,
                m.State == MemberState.Stopped,
                m.StopReason,
                measured ? r!.Loss - r.Regularization : double.NaN,
                measured ? r!.MeanSquareValue : 1,
                trainer.EvaluateMember(m.Index, [origin])[0],
                m.PolishNote,
                trainer.Step,
                trainer.DeflatedSolutions,
                method,
                trainer.Parameters(m.Index));
            return deflated && options.Polish is not null && member.Converged(settings, sourceScale) ? PolishUndeflated(problem, training, options, member) : member;
        }).ToList();
    }

    /// <summary>
    /// A member that converged while deflated, polished again without deflation (<see cref="SolutionPolisher"/>): the
    /// deflation factor only moved it away from the solutions found before; the solution it found is then polished as a
    /// batch member would be, and measured on the same validation points.
    /// </summary>
    private static DiscoveryRoundMember PolishUndeflated(NonlinearPoisson problem, TrainingProblem training, RunOptions options, DiscoveryRoundMember member)
    {
        var (theta, loss, note) = SolutionPolisher.Polish(training, options, member.Parameters);
        if (!double.IsFinite(loss))
        {
            return member; // the deflated result stands
        }

        var r = SolutionPolisher.Measure(training, options, theta);
        return member with
        {
            DataLoss = r.Loss - r.Regularization,
            MeanSquareValue = r.MeanSquareValue,
            U0 = NetworkEvaluation.Values(Shape(problem, options), theta, [new double[problem.Dimension]])[0],
            PolishNote = note ?? member.PolishNote,
            Method = $"{member.Method}, then {options.Polish!.Kind} (undeflated)",
            Parameters = theta,
        };
    }

    /// <summary>The run so far: solutions, member outcomes, counters; it classifies each round's members in member order.</summary>
    internal sealed class State
    {
        private readonly ClassifierOptions classifier = new();
        private readonly double[][] samples;
        private readonly List<double[]> foundSamples;
        private readonly NonlinearPoisson problem;
        private readonly ShootingOptions shooting;
        private readonly SolutionCatalog catalog;
        private readonly ResidualNetworkShape shape;
        private string? finalStop;

        public State(NonlinearPoisson problem, DiscoveryOptions settings, ShootingOptions shooting, SolutionCatalog catalog, ResidualNetworkShape shape, Action<string>? note, DiscoveryState saved)
        {
            this.problem = problem;
            this.shooting = shooting;
            this.catalog = catalog;
            this.shape = shape;
            Settings = settings;
            Note = note;
            samples = SolutionClassifier.SamplePoints(problem.Dimension, new ClassifierOptions());
            Round = saved.Round;
            Members = saved.Members;
            SinceNew = saved.SinceNew;
            Found = [.. saved.Found];
            Outcomes = [.. saved.Outcomes];
            foundSamples = Found.Select(f => NetworkEvaluation.Values(shape, f.Parameters, samples)).ToList();
            SourceScale = MeanSquareSource(problem);
        }

        public DiscoveryOptions Settings { get; }

        public Action<string>? Note { get; }

        public List<FoundSolution> Found { get; }

        public List<DiscoveryMember> Outcomes { get; }

        public int Round { get; private set; }

        public int Members { get; private set; }

        public int SinceNew { get; private set; }

        /// <summary>Mean f² over the classifier's sample points: the size of the residual's terms.</summary>
        public double SourceScale { get; }

        /// <summary>Why the discovery is over, or null while it goes on.</summary>
        public string? StopReason => finalStop ??
            (SinceNew >= Settings.Patience ? $"no new solution in the last {Settings.Patience} member(s)"
            : Members >= Settings.MaximumMembers ? $"reached the maximum of {Settings.MaximumMembers} member(s)"
            : null);

        /// <summary>The state as saved between the rounds of a sharded discovery.</summary>
        public DiscoveryState Saved => new(Round, Members, SinceNew, [.. Found], [.. Outcomes], StopReason, Settings.OffsetStep);

        /// <summary>Classifies one round's members, in member order, and moves on to the next round.</summary>
        public void Record(IEnumerable<DiscoveryRoundMember> members)
        {
            foreach (var m in members.OrderBy(m => m.Member))
            {
                RecordMember(m);
            }

            Round++;
        }

        /// <summary>
        /// After the rounds have stopped (<paramref name="stop"/>): every found solution is polished once more (<see cref="PolishFound"/>; unless <see cref="DiscoveryOptions.FinalPasses"/> is 0),
        /// then every cataloged solution no member found is tried once
        /// more from a start shaped like it (<see cref="CatalogStart"/>), polished undeflated, and classified like any
        /// member. Nothing when the run has no polishing phase. The discovery stays stopped for <paramref name="stop"/>.
        /// </summary>
        public void SeekMissed(RunOptions options, string stop)
        {
            finalStop = stop;
            if (options.Polish is null)
            {
                return;
            }

            var training = new TrainingProblem(problem.Name, problem.ToResidualForm(), problem.KnownSolutions);
            PolishFound(training, options);

            // One member per missed entry: the undeflated polish straight from the fitted start (close enough that the
            // solution's own basin holds it; deflating it instead sent Bratu d = 3's upper start off to u(0) ≈ 136).
            var origin = new double[problem.Dimension];
            var points = CatalogStart.Points(problem.Dimension, options.Training.Seed);
            foreach (var entry in catalog.Entries.Where(e => Found.All(f => f.MatchedEntry != e.Name)).ToList())
            {
                // A radial entry: first from the hidden layers of a found solution (trained on this problem; FeaturesFor).
                // A non-radial entry — or a radial one that start missed or had none — from sharpened initial features: a
                // radial solution's features cannot represent a non-radial one (fitting the cubic problem's nodal solution
                // from them left a misfit of 0.28, and the polish fell to u ≡ 0).
                if (entry.IsRadial && FeaturesFor(entry, options, points) is { } hidden)
                {
                    SeekFrom(training, options, entry, hidden, points, string.Empty, SeekPasses, 0.5, origin);
                    if (Found.Any(f => f.MatchedEntry == entry.Name))
                    {
                        continue;
                    }
                }

                // A sharpened start is rougher (its fit is at 1 – 10 %, its Laplacian further off): carried into the entry's
                // basin on an anchor first (CatalogStart.Anchor), then more passes, while each still gains 20 %.
                SeekFrom(training, options, entry, CatalogStart.Sharpened(shape, options.Training.Seed), points, "sharpened ", 2 * SeekPasses, 0.8, origin, anchor: true);
            }
        }

        /// <summary>
        /// Every found solution polished once more, undeflated, in passes of the options' iterations (at most
        /// <see cref="DiscoveryOptions.FinalPasses"/>; another only while a pass at least halves the data loss). A solution kept from its
        /// round had only that round's polish — one found while deflated had a second, undeflated one — so without this the
        /// solutions of one discovery would end at different accuracies (Bratu d = 3: the first round's 1.5e-5 against
        /// 2.1e-6). A pass is kept only when it lowers the data loss and leaves the solution within the distance
        /// threshold of itself; each change is noted.
        /// </summary>
        private void PolishFound(TrainingProblem training, RunOptions options)
        {
            if (Settings.FinalPasses == 0)
            {
                return;
            }

            for (int i = 0; i < Found.Count; i++)
            {
                var f = Found[i];
                double[] theta = f.Parameters;
                double loss = f.Loss;
                double[]? values = null;
                int passes = 0;
                for (int pass = 1; pass <= Settings.FinalPasses; pass++)
                {
                    var (polished, polishLoss, _) = SolutionPolisher.Polish(training, options, theta);
                    if (!double.IsFinite(polishLoss))
                    {
                        break;
                    }

                    var r = SolutionPolisher.Measure(training, options, polished);
                    double dataLoss = r.Loss - r.Regularization;
                    var moved = NetworkEvaluation.Values(shape, polished, samples);
                    if (!(dataLoss < loss) || !(RelativeError.Rms(moved, foundSamples[i], Settings.DistanceFloor) <= Settings.DistanceThreshold))
                    {
                        break;
                    }

                    bool halved = dataLoss <= 0.5 * loss;
                    (theta, loss, values, passes) = (polished, dataLoss, moved, pass);
                    if (!halved)
                    {
                        break;
                    }
                }

                if (values is null)
                {
                    Note?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{f.Name}: a final undeflated polish did not lower its loss {f.Loss:G3}; kept"));
                    continue;
                }

                var c = SolutionClassifier.Classify(samples, values, catalog, classifier);
                Found[i] = Describe(f.Name, theta, c, loss, f.Member, f.Step);
                foundSamples[i] = values;
                string error = f.MatchedEntry is { } entry && Found[i].MatchedEntry == entry
                    ? string.Create(CultureInfo.InvariantCulture, $", error to {entry} {f.Distances[entry]:G3} → {Found[i].Distances[entry]:G3}")
                    : string.Empty;
                Note?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{f.Name}: polished once more, undeflated ({passes} pass{(passes == 1 ? string.Empty : "es")}): loss {f.Loss:G3} → {loss:G3}{error}"));
            }
        }

        /// <summary>
        /// The hidden layers to fit a missed radial entry from: those of the found solution <see cref="CatalogStart.FeatureSource"/>
        /// picks (the features of u ≡ 0 could not hold Hénon's radial solution, whose polish fell back to u ≡ 0); with no
        /// solution found yet, the initial network's; null when every found solution is ≈ 0 (the sharpened start follows).
        /// </summary>
        private double[]? FeaturesFor(CatalogEntry entry, RunOptions options, IReadOnlyList<double[]> points)
        {
            if (Found.Count == 0 || entry.U0 is not double target)
            {
                return CatalogStart.Initial(shape, options.Training.Seed);
            }

            double entryRms = Rms(points.Select(x => entry.Evaluate(x)).ToArray());
            var candidates = Found.Select(f => (f.U0, Rms(NetworkEvaluation.Values(shape, f.Parameters, points)))).ToList();
            int source = CatalogStart.FeatureSource(candidates, target, entryRms, catalog.Symmetry.SignFlip);
            return source < 0 ? null : Found[source].Parameters;

            static double Rms(double[] v) => Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(v) / v.Length);
        }

        private void SeekFrom(TrainingProblem training, RunOptions options, CatalogEntry entry, double[] hidden, IReadOnlyList<double[]> points, string kind, int passes, double gain, double[] origin, bool anchor = false)
        {
            var (start, misfit) = CatalogStart.Fit(shape, entry, hidden, points);
            string fit = string.Create(CultureInfo.InvariantCulture, $"{kind}fit to {entry.Name} (misfit {misfit:G2})");
            if (anchor)
            {
                (start, double pdeLoss) = CatalogStart.Anchor(training.Form, shape, options.Loss, entry, start, points, options.Training.Threads);
                fit += string.Create(CultureInfo.InvariantCulture, $", anchored (loss {pdeLoss:G2})");
            }

            RecordMember(PolishFittedStart(training, options, start, $"{fit}, then {options.Polish!.Kind}", entry.Name, origin, passes, gain));
        }

        /// <summary>Polishing passes at most for a start fitted to a missed cataloged solution.</summary>
        private const int SeekPasses = 4;

        /// <summary>
        /// Polishes a fitted start undeflated in passes of the options' iterations, up to <paramref name="passes"/>, while each
        /// pass still lowers the loss below <paramref name="gain"/> times the last: near a fold the polish from a fitted start converges slowly, and stopping
        /// after one pass would drop (or leave coarse) a solution the start is already close to.
        /// </summary>
        private DiscoveryRoundMember PolishFittedStart(TrainingProblem training, RunOptions options, double[] start, string fit, string entry, double[] origin, int passes, double gain)
        {
            double[] theta = start;
            DiscoveryRoundMember? member = null;
            double previous = double.PositiveInfinity;
            for (int pass = 1; pass <= passes; pass++)
            {
                var (polished, loss, polishNote) = SolutionPolisher.Polish(training, options, theta);
                string method = pass == 1 ? fit : string.Create(CultureInfo.InvariantCulture, $"{fit} ({pass} passes)");
                if (!double.IsFinite(loss))
                {
                    return member ?? new DiscoveryRoundMember(0, true, $"polishing the fit to {entry} stopped: {polishNote}", double.NaN, 1, double.NaN, polishNote, 0, 0, method, start);
                }

                theta = polished;
                var r = SolutionPolisher.Measure(training, options, theta);
                member = new DiscoveryRoundMember(0, false, "completed", r.Loss - r.Regularization, r.MeanSquareValue, NetworkEvaluation.Values(shape, theta, [origin])[0], polishNote, 0, 0, method, theta);
                if (member.DataLoss > gain * previous)
                {
                    break;
                }

                previous = member.DataLoss;
            }

            return member!;
        }

        private void RecordMember(DiscoveryRoundMember m)
        {
            int index = Members++;
            bool converged = m.Converged(Settings, SourceScale);
            string outcome;
            if (!converged)
            {
                outcome = m.Stopped ? m.StopReason : string.Create(CultureInfo.InvariantCulture, $"not converged (u(0) = {m.U0:G4}; {m.PolishNote ?? "polishing ran to its end"})");
                SinceNew++;
            }
            else
            {
                outcome = Consider(m.Parameters, m.DataLoss, index, m.Step);
            }

            Outcomes.Add(new DiscoveryMember(index, m.Deflated, m.DataLoss, converged, outcome, m.Method));
            Note?.Invoke(string.Create(CultureInfo.InvariantCulture, $"member {index} ({m.Method}; deflated against {m.Deflated}): loss {m.DataLoss:G3}, {outcome}"));
        }

        /// <summary>The result: solutions (in d = 2 each refined by the disk solver), outcomes, and the found solutions' radial slices.</summary>
        public DiscoveryResult Result(string stop, RunOptions options)
        {
            int d = problem.Dimension;
            var slicePoints = RadialSlices.Points(d);
            var slices = new RadialSlices(slicePoints.Select(p => p[0]).ToArray(), Found.Select(f => NetworkEvaluation.Values(shape, f.Parameters, slicePoints)).ToList());
            var solutions = d == 2
                ? Found.Select(f => f with { Refinement = f.Refinement ?? DiskRefinement.Of(problem, shape, f.Parameters, shooting.DiskOptions).Check }).ToList()
                : Found;
            return new DiscoveryResult(problem.ToString(), catalog, solutions, Outcomes, stop, slices, d, options.Network);
        }

        /// <summary>A converged member: a new solution, or the same as one found (then the lower loss is kept).</summary>
        public string Consider(double[] theta, double loss, int member, long step)
        {
            var values = NetworkEvaluation.Values(shape, theta, samples);

            // A non-radial cataloged solution stands for all its images (rotations, −u): a member on another image
            // of an entry already found is that solution again.
            var c = SolutionClassifier.Classify(samples, values, catalog, classifier);
            bool symmetricEntry = catalog.Symmetry.Any && catalog.IsNonRadial(c.Class, isRadial: true);
            for (int i = 0; i < Found.Count; i++)
            {
                double distance = RelativeError.Rms(values, foundSamples[i], Settings.DistanceFloor);
                if (distance <= Settings.DistanceThreshold || (symmetricEntry && Found[i].MatchedEntry == c.Class))
                {
                    SinceNew++;
                    if (loss < Found[i].Loss)
                    {
                        Found[i] = Describe(Found[i].Name, theta, c, loss, member, step);
                        foundSamples[i] = values;
                    }

                    return distance <= Settings.DistanceThreshold
                        ? string.Create(CultureInfo.InvariantCulture, $"same as {Found[i].Name} (distance {distance:G3})")
                        : string.Create(CultureInfo.InvariantCulture, $"same as {Found[i].Name}: another image of {c.Class} (rotated or −u; distance {distance:G3}, error to {c.Class} {c.Distances[c.Class]:G3})");
                }
            }

            var solution = Describe($"found-{Found.Count + 1}", theta, c, loss, member, step);
            Found.Add(solution);
            foundSamples.Add(values);
            SinceNew = 0;
            string what = solution.MatchedEntry is { } entry
                ? string.Create(CultureInfo.InvariantCulture, $"cataloged {entry}, error {solution.Distances[entry]:G3}")
                : solution.IsRadial
                    ? solution.ShootingCheck is double u0 ? string.Create(CultureInfo.InvariantCulture, $"radial, not in the catalog; shooting confirms u(0) = {u0:G8}") : "radial, not in the catalog, not confirmed by shooting"
                    : "non-radial";
            return string.Create(CultureInfo.InvariantCulture, $"new {solution.Name}: u(0) = {solution.U0:G6}, {what}");
        }

        private FoundSolution Describe(string name, double[] theta, Classification c, double loss, int member, long step)
        {
            double u0 = NetworkEvaluation.Values(shape, theta, [new double[problem.Dimension]])[0];
            string? match = c.Class == Classification.Unclassified ? null : c.Class;
            double? check = match is null && c.IsRadial ? ShootNear(u0) : null;
            double estimate = ResidualCheck.Of(problem.ToResidualForm(), shape, theta).ErrorEstimate;
            return new FoundSolution(name, u0, loss, match, c.Distances, c.RadialSpread, c.IsRadial, check, member, step, theta, estimate);
        }

        /// <summary>Mean f² over the classifier's sample points, finite values only (a manufactured f can hold removable singularities such as sin(2r)/r at r = 0).</summary>
        internal static double MeanSquareSource(NonlinearPoisson problem)
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
