using System.Globalization;
using System.Numerics;
using Pinn.Core.Loss;
using Pinn.Core.Training;
using Pinn.Problems;
using Pinn.Shooting;
using Pinn.Shooting.Disk;

namespace Pinn.Runs;

/// <summary>
/// Batch-solve as one library call: find the problem's radial solutions by shooting, train the ensemble the options
/// describe (BBI or another first-order optimizer, then Gauss–Newton polishing if configured), and classify every
/// member against the catalog. <see cref="BatchRun"/> does the same inside a run directory (files, checkpoints,
/// resume); the <c>pinn</c> command is a shell over that.
/// </summary>
public static class BatchSolver
{
    /// <summary>Shoots, trains and classifies.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The run options (validated here).</param>
    /// <param name="shooting">The u(0) range scanned for the catalog (default <see cref="ShootingOptions.Automatic"/>: grown from the problem).</param>
    /// <param name="observer">Progress, metrics and bounces as they happen (may be null).</param>
    /// <param name="cancellation">Stops training after the current step; the members are classified as they are.</param>
    public static BatchResult Solve(NonlinearPoisson problem, RunOptions options, ShootingOptions? shooting = null, ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var (catalog, _) = CatalogFor(problem, shooting ?? ShootingOptions.Automatic);
        var training = new TrainingProblem(problem.Name, problem.ToResidualForm(), problem.KnownSolutions);
        using var trainer = RunSession.Start(training, options.Validate());
        trainer.Run(observer, checkpoint: null, cancellation);
        return Classify(trainer, problem, catalog);
    }

    /// <summary>
    /// The problem's solution catalog: every radial solution shooting finds in the range, plus the known closed forms;
    /// in d = 2 also the non-radial solutions the disk solver finds (unless <see cref="DiskSolverOptions.NonRadialSearch"/>
    /// is off), and, where shooting cannot treat the problem (f, g or N depending on direction), the disk solver's
    /// solutions instead. In d ≥ 3 without radial symmetry there is no reference: the catalog is the closed forms.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="shooting">The u(0) range scanned (grown from the problem when <see cref="ShootingOptions.GrowRange"/>) and the disk solver's settings.</param>
    /// <returns>The catalog and a sentence saying what was done.</returns>
    public static (SolutionCatalog Catalog, string Note) CatalogFor(NonlinearPoisson problem, ShootingOptions shooting)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(shooting);
        var disk = shooting.DiskOptions;
        try
        {
            var grown = GrowingScan.Run(problem, shooting);
            var scan = grown.Scan;
            string warning = scan.Warning is null ? string.Empty : $" (warning: {scan.Warning})";
            string note = string.Create(CultureInfo.InvariantCulture, $"shooting found {scan.Solutions.Count} radial solution(s) with {grown.Describe(shooting)}{warning}");
            if (problem.Dimension != 2 || !disk.NonRadialSearch)
            {
                return (SolutionCatalog.Build(problem, scan.Solutions), note);
            }

            var found = DiskSolver.Catalog(problem, disk);
            int nonRadial = found.Count(s => s.AngularVariation() >= 1e-6);
            return (SolutionCatalog.Build(problem, scan.Solutions, found), string.Create(CultureInfo.InvariantCulture, $"{note}; the disk solver found {nonRadial} non-radial solution(s) ({DiskGridText(disk)})"));
        }
        catch (ProblemDefinitionException e)
        {
            if (problem.Dimension == 2)
            {
                var found = DiskSolver.Catalog(problem, disk);
                return (SolutionCatalog.FromDisk(problem, found), string.Create(CultureInfo.InvariantCulture, $"no shooting ({e.Message}); the disk solver found {found.Count} solution(s) ({DiskGridText(disk)})"));
            }

            return (SolutionCatalog.Build(problem, null), $"no shooting ({e.Message}); no reference solver without radial symmetry in d = {problem.Dimension}: the catalog is the problem's known solutions, and members are judged by their residuals");
        }
    }

    private static string DiskGridText(DiskSolverOptions disk) => string.Create(CultureInfo.InvariantCulture, $"{disk.RadialPoints} × {disk.AngularPoints} Chebyshev–Fourier grid, Newton residual ≤ {disk.Tolerance:G2}");

    /// <summary>The one-line description of a catalog: "catalog: NOTE: name (u(0) = …), …".</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="note">What was done (from <see cref="CatalogFor"/>).</param>
    /// <param name="format">The numeric format of u(0), e.g. "G10".</param>
    public static string CatalogLine(SolutionCatalog catalog, string note, string format)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return $"catalog: {note}: {string.Join(", ", catalog.Entries.Select(e => e.U0 is double u0 ? $"{e.Name} (u(0) = {u0.ToString(format, CultureInfo.InvariantCulture)})" : e.Name))}";
    }

    /// <summary>Classifies every member of a trained (or partly trained) ensemble and samples its slice along x1.</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="problem">The problem statement (for the result's text).</param>
    /// <param name="catalog">The catalog.</param>
    /// <param name="classifier">Classification settings (default <see cref="ClassifierOptions"/>'s).</param>
    public static BatchResult Classify(ITrainer trainer, NonlinearPoisson problem, SolutionCatalog catalog, ClassifierOptions? classifier = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(catalog);
        var options = (classifier ?? new ClassifierOptions()).Validate();
        int d = trainer.Problem.Form.Dimension;
        var samples = SolutionClassifier.SamplePoints(d, options);
        var slicePoints = RadialSlices.Points(d);
        var finalMetrics = trainer.Evaluate().ToDictionary(r => r.Member);
        var members = new List<MemberResult>();
        var slices = new List<double[]>();
        double threshold = double.NaN;
        foreach (var m in trainer.Members)
        {
            slices.Add(trainer.EvaluateMember(m.Index, slicePoints));
            var errors = finalMetrics.TryGetValue(m.Index, out var r) ? r.RelativeErrors : new Dictionary<string, double>();
            if (m.State == MemberState.Stopped)
            {
                // A member stopped with a non-finite loss solved nothing: its own class, no distances.
                members.Add(new MemberResult(m.Index, BatchResult.Diverged, m.State, m.StopReason, m.PolishNote, m.LastLoss, m.BestLoss, m.Bounces, new Dictionary<string, double>(), double.NaN, double.NaN, false, errors));
                continue;
            }

            var c = SolutionClassifier.Classify(samples, trainer.EvaluateMember(m.Index, samples), catalog, options);
            threshold = c.Threshold;
            double estimate = ResidualCheck.Of(trainer.Problem.Form, trainer.Shape, trainer.Parameters(m.Index)).ErrorEstimate;
            members.Add(new MemberResult(
                m.Index, c.Class, m.State, m.StopReason, m.PolishNote, m.LastLoss, m.BestLoss, m.Bounces,
                c.Distances, c.Distances.GetValueOrDefault(c.Class, double.NaN), c.RadialSpread, c.IsRadial, errors, estimate));
        }

        return new BatchResult(problem.ToString(), trainer.Step, catalog, members, threshold, new RadialSlices(slicePoints.Select(p => p[0]).ToArray(), slices, trainer.Members.Select(m => m.Index).ToArray()), d);
    }
}
