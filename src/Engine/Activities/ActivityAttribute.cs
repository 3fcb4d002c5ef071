namespace Orchestrator.Engine.Activities;

/// <summary>Gives an activity class its stable type name, so renaming the class never breaks stored definitions.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute : Attribute
{
    public ActivityAttribute(string typeName)
    {
        TypeName = typeName;
    }

    public string TypeName { get; }

    public int Version { get; set; } = 1;

    public string Category { get; set; } = "Primitives";

    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>The outcome ports; empty for a terminal activity. Activities with dynamic ports add <see cref="DynamicOutcomesAttribute"/>.</summary>
    public string[] Outcomes { get; set; } = ["Done"];
}

/// <summary>Marks an activity whose ports depend on its configuration (FlowSwitch cases, FlowFork branches, scripts).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DynamicOutcomesAttribute : Attribute
{
}

/// <summary>Marks a property of type <see cref="Input{T}"/> as an input of the activity.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>How the designer edits it: <c>singleline</c>, <c>multiline</c>, <c>code</c>, <c>dropdown</c>, <c>checkbox</c>, <c>json</c>, ...</summary>
    public string? UIHint { get; set; }

    public bool Required { get; set; }

    /// <summary>Choices for a dropdown.</summary>
    public string[]? Options { get; set; }

    /// <summary>The default value as Elsa literal text.</summary>
    public string? DefaultValue { get; set; }

    /// <summary>The JSON key, when it is not the camel-cased property name.</summary>
    public string? Name { get; set; }
}

/// <summary>Marks a property of type <see cref="Output{T}"/> as an output that can be bound to a variable.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    public string? Description { get; set; }

    public string? Name { get; set; }
}
