using System.CommandLine;
using System.Text.RegularExpressions;

namespace Pinn.Cli.Tests;

/// <summary>docs/cli.md's table of verbs and <c>pinn VERB --help</c> name the same options.</summary>
public partial class CliReferenceTests
{
    [Fact]
    public void EveryVerbsOptionsAreTheReferencesAndNoMore()
    {
        var root = PinnCommand.Build(TextWriter.Null, CancellationToken.None);
        var reference = File.ReadAllLines(Path.Combine(CliRunner.Root, "docs", "cli.md"));
        var problems = new List<string>();
        foreach (var verb in Walk(root))
        {
            string path = string.Join(' ', verb.Path);
            // The table rows that start with `pinn VERB` (a row per form of the verb).
            var rows = reference.Where(l => l.StartsWith($"| `pinn {path} ", StringComparison.Ordinal) || l.StartsWith($"| `pinn {path}`", StringComparison.Ordinal)).ToList();
            if (rows.Count == 0)
            {
                problems.Add($"docs/cli.md has no row for 'pinn {path}'");
                continue;
            }

            var documented = rows.SelectMany(r => OptionName().Matches(r).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
            var actual = verb.Command.Options.Where(o => o.Name is not "--help" and not "-h" && !o.Aliases.Contains("--help")).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(actual.Except(documented).Select(o => $"pinn {path}: {o} is an option but docs/cli.md does not mention it"));
            problems.AddRange(documented.Except(actual).Select(o => $"pinn {path}: docs/cli.md mentions {o}, which is not an option"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryOptionOfEveryVerbHasADescription()
    {
        var root = PinnCommand.Build(TextWriter.Null, CancellationToken.None);
        var missing = Walk(root).SelectMany(v => v.Command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"pinn {string.Join(' ', v.Path)} {o.Name}")).ToList();
        Assert.True(missing.Count == 0, "no description: " + string.Join(", ", missing));
    }

    /// <summary>Every verb that takes options, with its path below the root (synthetic's sub-verbs included).</summary>
    internal static IEnumerable<(IReadOnlyList<string> Path, Command Command)> Walk(Command command, IReadOnlyList<string>? path = null)
    {
        foreach (var sub in command.Subcommands)
        {
            var p = (path ?? []).Append(sub.Name).ToList();
            if (sub.Subcommands.Count == 0 || sub.Options.Any(o => o.Name != "--help"))
            {
                yield return (p, sub);
            }

            foreach (var deeper in Walk(sub, p))
            {
                yield return deeper;
            }
        }
    }

    [GeneratedRegex(@"--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}
