using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>Turns Fluid's parse errors into messages for an incident or a validation report.</summary>
internal static partial class LiquidSyntaxError
{
    public static string Describe(string? fluidError)
    {
        if (string.IsNullOrWhiteSpace(fluidError))
        {
            return "Liquid template does not parse.";
        }

        // Fluid writes the position as "(line:column)"; spelling it out lets readers find it without knowing that.
        var position = PositionPattern().Match(fluidError);
        if (position.Success)
        {
            var line = int.Parse(position.Groups["line"].ValueSpan, CultureInfo.InvariantCulture);
            var column = int.Parse(position.Groups["column"].ValueSpan, CultureInfo.InvariantCulture);
            return $"Liquid template does not parse at line {line}, column {column}: {fluidError}";
        }

        return $"Liquid template does not parse: {fluidError}";
    }

    [GeneratedRegex(@"\((?<line>\d+):(?<column>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPattern();
}
