namespace Orchestrator.Http;

/// <summary>
/// The stimulus key of an <c>Elsa.HttpEndpoint</c>: its methods (upper case, sorted, comma separated) and its route
/// template without leading or trailing slashes, e.g. <c>GET,POST orders/{id}</c>. One key covers every method of
/// the endpoint, so a trigger needs one <see cref="Engine.Activities.TriggerSpec"/>; the host matches the request's
/// method and path against the key and delivers with the key exactly as it was indexed.
/// </summary>
internal sealed record HttpEndpointKey(IReadOnlyList<string> Methods, string Path)
{
    public const string StimulusName = "Elsa.HttpEndpoint";

    public static string Format(IEnumerable<string> methods, string path)
    {
        var normalised = methods
            .Where(m => !string.IsNullOrWhiteSpace(m))
            .Select(m => m.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (normalised.Count == 0)
        {
            normalised.Add("GET");
        }

        return $"{string.Join(',', normalised)} {NormalisePath(path)}";
    }

    public static string NormalisePath(string path) => path.Trim().Trim('/');

    public static HttpEndpointKey? Parse(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        return new HttpEndpointKey(key[..space].Split(',', StringSplitOptions.RemoveEmptyEntries), key[(space + 1)..]);
    }
}
