using System.Reflection;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;

namespace Orchestrator.Tests.Api.Descriptors;

/// <summary>Every domain activity is offered to the designer with its category, inputs and ports.</summary>
public sealed class DomainActivityDescriptorsTests
{
    [Fact]
    public async Task ActivityDescriptors_EveryDomainActivity_IsListedWithItsCategoryInputsAndPorts()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        var domain = typeof(Orchestrator.Activities.ActivitiesAssembly).Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<ActivityAttribute>()))
            .Where(t => t.Attribute is not null && !t.Type.IsAbstract)
            .ToList();

        var descriptors = (await client.GetJsonAsync("/api/activity-descriptors")).AsArray().OfType<JsonObject>()
            .ToDictionary(d => d["typeName"]!.GetValue<string>());

        domain.Count.ShouldBeGreaterThanOrEqualTo(14);
        foreach (var (type, attribute) in domain)
        {
            descriptors.ShouldContainKey(attribute!.TypeName, $"{type.Name} is not offered");
            var descriptor = descriptors[attribute.TypeName];
            descriptor["category"]!.GetValue<string>().ShouldBe(attribute.Category, attribute.TypeName);
            descriptor["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(attribute.Outcomes, ignoreOrder: true, attribute.TypeName);
            var inputs = descriptor["inputs"]!.AsArray().OfType<JsonObject>().ToList();
            var declared = type.GetProperties().Count(p => p.GetCustomAttribute<InputAttribute>() is not null);
            inputs.Count.ShouldBe(declared, attribute.TypeName);
            inputs.ShouldAllBe(i => !string.IsNullOrEmpty(i["typeName"]!.GetValue<string>()));
        }

        descriptors["Orchestrator.SlaTimer"]["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldContain("Breached");
        descriptors["Orchestrator.Escalate"]["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["Acknowledged", "Exhausted"], ignoreOrder: true);
    }
}
