using System.Collections.Concurrent;
using Microsoft.AspNetCore.Routing.Template;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Http;

/// <summary>
/// The keys of every <c>Elsa.HttpEndpoint</c> the host can deliver to, and the route matching against them. Keys come
/// from the published triggers, from every stored definition version (so instances on older versions waiting on a
/// literal path are found after a restart) and from bookmarks committed since start-up (paths written as expressions).
/// A key that matches but has nothing listening is harmless: the delivery finds no trigger or bookmark.
/// </summary>
/// <remarks>It depends on the stores, not on <see cref="WorkflowRuntime"/>: the runtime takes the burst observers, this among them.</remarks>
internal sealed class HttpEndpointRoutes(ITriggerStore triggers, IWorkflowDefinitionStore definitions, CompiledWorkflowCache compiled) : IBurstObserver
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _keysByVersion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _bookmarkKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (HttpEndpointKey Key, TemplateMatcher Matcher)?> _matchers = new(StringComparer.Ordinal);

    /// <summary>The keys whose template and methods match the request, and the methods of keys that match only the path.</summary>
    public async Task<HttpRouteMatch> MatchAsync(string method, string path, CancellationToken cancellationToken)
    {
        var matches = new List<(string, RouteValueDictionary)>();
        var otherMethods = new SortedSet<string>(StringComparer.Ordinal);
        var requestPath = new PathString("/" + HttpEndpointKey.NormalisePath(path));
        foreach (var key in await KeysAsync(cancellationToken))
        {
            if (Matcher(key) is not { } entry)
            {
                continue;
            }

            var values = new RouteValueDictionary();
            if (!entry.Matcher.TryMatch(requestPath, values))
            {
                continue;
            }

            if (entry.Key.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            {
                matches.Add((key, values));
            }
            else
            {
                otherMethods.UnionWith(entry.Key.Methods);
            }
        }

        return new HttpRouteMatch(matches, [.. otherMethods]);
    }

    public ValueTask OnCommittedAsync(RunResult result, CancellationToken cancellationToken)
    {
        foreach (var bookmark in result.Changes.BookmarksAdded)
        {
            if (bookmark.Name == HttpEndpointKey.StimulusName && bookmark.Key is { } key)
            {
                _bookmarkKeys.TryAdd(key, 0);
            }
        }

        return default;
    }

    private async Task<HashSet<string>> KeysAsync(CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(_bookmarkKeys.Keys, StringComparer.Ordinal);
        foreach (var trigger in await triggers.ListAsync(cancellationToken))
        {
            if (trigger.Name == HttpEndpointKey.StimulusName)
            {
                keys.Add(trigger.Key);
            }
        }

        foreach (var latest in await definitions.ListLatestAsync(cancellationToken))
        {
            foreach (var version in await definitions.ListVersionsAsync(latest.DefinitionId, cancellationToken))
            {
                keys.UnionWith(_keysByVersion.GetOrAdd(version.Id, _ => KeysOf(version)));
            }
        }

        return keys;
    }

    private List<string> KeysOf(Engine.Definitions.WorkflowDefinition version)
    {
        try
        {
            return [.. compiled.Get(version).Activities.OfType<HttpEndpoint>().Select(e => e.ConstantKey).OfType<string>()];
        }
        catch (Exception ex) when (ex is InvalidOperationException or Engine.Definitions.DefinitionException)
        {
            return [];
        }
    }

    private (HttpEndpointKey Key, TemplateMatcher Matcher)? Matcher(string key) => _matchers.GetOrAdd(key, k =>
    {
        if (HttpEndpointKey.Parse(k) is not { } parsed)
        {
            return null;
        }

        try
        {
            var template = TemplateParser.Parse(parsed.Path);
            return (parsed, new TemplateMatcher(template, new RouteValueDictionary()));
        }
        catch (ArgumentException)
        {
            return null;
        }
    });
}

/// <summary>The endpoint keys a request matches (with route values), and the methods allowed on its path otherwise.</summary>
internal sealed record HttpRouteMatch(IReadOnlyList<(string Key, RouteValueDictionary Values)> Matches, IReadOnlyList<string> OtherMethods);
