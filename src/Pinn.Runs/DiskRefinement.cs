using Pinn.Core.LinearAlgebra;
using Pinn.Core.Networks;
using Pinn.Problems;
using Pinn.Shooting;
using Pinn.Shooting.Disk;

namespace Pinn.Runs;

/// <summary>
/// A trained network handed to the disk solver (d = 2): Newton's method started from the network's values
/// (<see cref="DiskSolver.Refine(NonlinearPoisson, Func{double, double, double}, DiskSolverOptions?)"/>), and the network's distance to the solution it converged to. A converged
/// refinement confirms that the network approximates a true solution, radial or not, and how well.
/// </summary>
/// <param name="Converged">Whether Newton reached the solver's tolerance.</param>
/// <param name="Residual">The final Newton residual.</param>
/// <param name="Iterations">Newton iterations taken.</param>
/// <param name="U0">u(0) of the refined solution.</param>
/// <param name="RelativeL2">RMS(network − refined) / max(RMS(refined), 0.01) at the classifier's sample points.</param>
/// <param name="Note">The solver's own words (why it stopped).</param>
/// <param name="Energy">The refined solution's energy ∫ ½|∇u|² + F(x, u) − f u (<see cref="DiskSolver.Energy"/>): the ground state has the least.</param>
/// <param name="SpectralTail">The refined solution's spectral tail on its grid (<see cref="DiskSolution.SpectralTail"/>): about its own discretisation error.</param>
public sealed record DiskRefinement(bool Converged, double Residual, int Iterations, double U0, double RelativeL2, string Note, double Energy = double.NaN, double SpectralTail = double.NaN)
{
    /// <summary>Refines one network of a d = 2 problem.</summary>
    /// <param name="problem">The problem (d = 2).</param>
    /// <param name="shape">The network's shape.</param>
    /// <param name="theta">Its parameters.</param>
    /// <param name="options">The disk solver's settings.</param>
    /// <returns>The refinement with the refined solution itself.</returns>
    public static (DiskRefinement Check, DiskSolution Solution) Of(NonlinearPoisson problem, ResidualNetworkShape shape, double[] theta, DiskSolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(options);
        var solution = DiskSolver.Refine(problem, (x, y) => NetworkEvaluation.Values(shape, theta, [[x, y]])[0], options);
        var samples = SolutionClassifier.SamplePoints(2, new ClassifierOptions());
        var network = NetworkEvaluation.Values(shape, theta, samples);
        var refined = samples.Select(solution.Evaluate).ToArray();
        double error = RelativeError.Rms(network, refined, 0.01);
        double energy = solution.Converged ? DiskSolver.Energy(problem, solution) : double.NaN;
        return (new DiskRefinement(solution.Converged, solution.Residual, solution.Iterations, solution.U0, error, solution.Note, energy, solution.SpectralTail), solution);
    }
}
