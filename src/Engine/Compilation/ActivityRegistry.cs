using System.Reflection;
using Orchestrator.Engine.Activities;

namespace Orchestrator.Engine.Compilation;

/// <summary>The activity types the engine can run, by type name. Registration fails loudly on duplicates.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, SortedList<int, ActivityDescriptor>> _byName = new(StringComparer.Ordinal);

    /// <summary>A registry holding the engine's built-in activities.</summary>
    public static ActivityRegistry CreateDefault()
    {
        var registry = new ActivityRegistry();
        registry.RegisterAssembly(typeof(ActivityRegistry).Assembly);
        return registry;
    }

    public IEnumerable<ActivityDescriptor> Descriptors => _byName.Values.SelectMany(v => v.Values);

    public ActivityRegistry Register<TActivity>()
        where TActivity : Activity, new() => Register(typeof(TActivity));

    public ActivityRegistry Register(Type type) => Register(ActivityDescriptor.FromType(type));

    public ActivityRegistry Register(ActivityDescriptor descriptor)
    {
        if (!_byName.TryGetValue(descriptor.TypeName, out var versions))
        {
            versions = [];
            _byName[descriptor.TypeName] = versions;
        }

        if (!versions.TryAdd(descriptor.Version, descriptor))
        {
            throw new InvalidOperationException($"Activity type '{descriptor.TypeName}' version {descriptor.Version} is registered twice");
        }

        return this;
    }

    /// <summary>Registers every concrete class with an [Activity] attribute in the assembly.</summary>
    public ActivityRegistry RegisterAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<ActivityAttribute>() is not null))
        {
            Register(type);
        }

        return this;
    }

    /// <summary>The exact version if registered, otherwise the highest registered version.</summary>
    public ActivityDescriptor? Find(string typeName, int? version = null)
    {
        if (!_byName.TryGetValue(typeName, out var versions) || versions.Count == 0)
        {
            return null;
        }

        if (version is { } v && versions.TryGetValue(v, out var exact))
        {
            return exact;
        }

        return versions.Values[^1];
    }

    public bool Contains(string typeName) => _byName.ContainsKey(typeName);
}
