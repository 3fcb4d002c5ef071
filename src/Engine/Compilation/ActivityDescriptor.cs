using System.Reflection;
using Orchestrator.Engine.Activities;

namespace Orchestrator.Engine.Compilation;

/// <summary>What the designer and the validator know of an activity type: its inputs, outputs and ports.</summary>
public sealed class ActivityDescriptor
{
    internal ActivityDescriptor(
        string typeName,
        int version,
        string category,
        string displayName,
        string? description,
        IReadOnlyList<InputDescriptor> inputs,
        IReadOnlyList<OutputDescriptor> outputs,
        IReadOnlyList<string> outcomes,
        bool hasDynamicOutcomes,
        bool isTrigger,
        Func<Activity> factory)
    {
        TypeName = typeName;
        Version = version;
        Category = category;
        DisplayName = displayName;
        Description = description;
        Inputs = inputs;
        Outputs = outputs;
        Outcomes = outcomes;
        HasDynamicOutcomes = hasDynamicOutcomes;
        IsTrigger = isTrigger;
        Factory = factory;
    }

    public string TypeName { get; }

    public int Version { get; }

    public string Category { get; }

    public string DisplayName { get; }

    public string? Description { get; }

    public IReadOnlyList<InputDescriptor> Inputs { get; }

    public IReadOnlyList<OutputDescriptor> Outputs { get; }

    public IReadOnlyList<string> Outcomes { get; }

    public bool HasDynamicOutcomes { get; }

    /// <summary>True when the activity can start a workflow (<c>canStartWorkflow</c>).</summary>
    public bool IsTrigger { get; }

    internal Func<Activity> Factory { get; }

    public static ActivityDescriptor FromType(Type type)
    {
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new ArgumentException($"{type.FullName} has no [Activity] attribute", nameof(type));
        if (!typeof(Activity).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete Activity", nameof(type));
        }

        var constructor = type.GetConstructor(Type.EmptyTypes)
            ?? throw new ArgumentException($"{type.FullName} needs a public parameterless constructor", nameof(type));

        var inputs = new List<InputDescriptor>();
        var outputs = new List<OutputDescriptor>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<InputAttribute>() is { } input)
            {
                if (!property.PropertyType.IsGenericType || property.PropertyType.GetGenericTypeDefinition() != typeof(Input<>))
                {
                    throw new ArgumentException($"{type.FullName}.{property.Name} is marked [Input] but is not an Input<T>", nameof(type));
                }

                var valueType = property.PropertyType.GetGenericArguments()[0];
                inputs.Add(new InputDescriptor(
                    input.Name ?? CamelCase(property.Name),
                    input.DisplayName ?? property.Name,
                    Values.ValueConverter.FriendlyName(valueType),
                    valueType,
                    input.UIHint ?? DefaultHint(valueType),
                    input.Required,
                    input.Description,
                    input.DefaultValue,
                    input.Options,
                    property));
            }
            else if (property.GetCustomAttribute<OutputAttribute>() is { } output)
            {
                var valueType = property.PropertyType.GetGenericArguments()[0];
                outputs.Add(new OutputDescriptor(output.Name ?? CamelCase(property.Name), Values.ValueConverter.FriendlyName(valueType), valueType, output.Description, property));
            }
        }

        return new ActivityDescriptor(
            attribute.TypeName,
            attribute.Version,
            attribute.Category,
            attribute.DisplayName ?? type.Name,
            attribute.Description,
            inputs,
            outputs,
            attribute.Outcomes,
            type.GetCustomAttribute<DynamicOutcomesAttribute>() is not null,
            typeof(ITriggerActivity).IsAssignableFrom(type),
            () => (Activity)constructor.Invoke(null));
    }

    internal static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string DefaultHint(Type type) =>
        type == typeof(bool) ? "checkbox" : type.IsEnum ? "dropdown" : type == typeof(string) ? "singleline" : "json";
}

/// <summary>One input of an activity type.</summary>
public sealed record InputDescriptor(
    string Name,
    string DisplayName,
    string TypeName,
    Type ClrType,
    string? UIHint,
    bool Required,
    string? Description,
    string? DefaultValue,
    IReadOnlyList<string>? Options,
    PropertyInfo? Property);

/// <summary>One output of an activity type.</summary>
public sealed record OutputDescriptor(string Name, string TypeName, Type ClrType, string? Description, PropertyInfo? Property);
