using System.CommandLine;
using Pinn.Runs;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn eval</c>: a trained member's or found solution's values at chosen points, as CSV.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter output)
    {
        var source = new Argument<string>("run") { Description = "A batch or discovery run directory, or a discovery's solutions.json." };
        var member = new Option<int?>("--member") { Description = "A batch run's member (default 0)." };
        var solution = new Option<string?>("--solution") { Description = "A discovery's solution by name, e.g. found-2 (default the first found)." };
        var grid = new Option<int?>("--grid") { Description = $"N points per axis on [-1, 1]^d, those in the ball (d = 1 to 3; N from 2 to {PointEvaluation.MaximumGrid})." };
        var points = new Option<string?>("--points") { Description = "A CSV file whose header names the columns x1 ... xd: the points to evaluate at." };
        var csv = new Option<string?>("--out") { Description = "The CSV file to write (default eval-<member or solution>.csv in the run directory)." };
        var command = new Command("eval", "Write a trained network's u, its Laplacian and PDE residual, and every known or cataloged solution at a grid or at given points, as CSV.") { source, member, solution, grid, points, csv };
        command.SetAction(parse =>
        {
            if (parse.GetValue(member) is not null && parse.GetValue(solution) is not null)
            {
                throw new ArgumentException("give --member (a batch run's) or --solution (a discovery's), not both.");
            }

            if ((parse.GetValue(grid) is null) == (parse.GetValue(points) is null))
            {
                throw new ArgumentException("give the points to evaluate at: --grid N or --points FILE.csv (one of them).");
            }

            var network = TrainedNetwork.Load(parse.GetValue(source)!, parse.GetValue(member), parse.GetValue(solution));
            var at = parse.GetValue(grid) is int n ? PointEvaluation.Grid(network.Problem.Dimension, n) : PointEvaluation.ReadPoints(parse.GetValue(points)!, network.Problem.Dimension);
            string path = parse.GetValue(csv) ?? Path.Combine(network.Directory, $"eval-{network.Name.Replace(' ', '-')}.csv");
            int rows = PointEvaluation.Write(path, network, at, PointEvaluation.CatalogOf(network));
            output.WriteLine($"pinn: {network.Name} of {network.Problem.Name} at {rows} point(s) → {path} (columns x1..x{network.Problem.Dimension}, u, laplacian_u, residual, u_<solution>)");
            return 0;
        });
        return command;
    }
}
