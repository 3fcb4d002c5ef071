using Orchestrator.Engine.Compilation;

namespace Orchestrator.Api;

/// <summary><c>GET /api/activity-descriptors</c>: every activity type with its category, inputs, outputs and ports.</summary>
internal static class ActivityDescriptorsEndpoint
{
    public static IResult List(ActivityRegistry registry) => TypedResults.Ok(registry.Descriptors
        .OrderBy(d => d.Category, StringComparer.Ordinal)
        .ThenBy(d => d.TypeName, StringComparer.Ordinal)
        .Select(d => new
        {
            typeName = d.TypeName,
            version = d.Version,
            category = d.Category,
            displayName = d.DisplayName,
            description = d.Description,
            isTrigger = d.IsTrigger,
            outcomes = d.Outcomes,
            hasDynamicOutcomes = d.HasDynamicOutcomes,
            inputs = d.Inputs.Select(i => new { name = i.Name, displayName = i.DisplayName, typeName = i.TypeName, uiHint = i.UIHint, required = i.Required, description = i.Description, defaultValue = i.DefaultValue, options = i.Options }),
            outputs = d.Outputs.Select(o => new { name = o.Name, typeName = o.TypeName, description = o.Description }),
        }));
}
