using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Auth;

namespace Orchestrator.Api.Accounts;

/// <summary><c>GET /api/accounts/segments</c>: the segment policy table, largest segment first.</summary>
internal static class ListSegments
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet($"/{AccountValidation.ReservedId}", Handle)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists the segment policy")
            .WithDescription(
                "Each segment's bed range (minBeds to maxBeds, maxBeds null = no upper bound; the ranges do not overlap: " +
                "500+ Enterprise, 50-499 Regional, 10-49 Mid-market, 0-9 Small), its CSM model (dedicated, shared, virtual, " +
                "self-service) and its check-in and review cadence. An account saved with beds and no segment gets the segment " +
                "whose range holds them.");

    public static Ok<IReadOnlyList<SegmentView>> Handle() =>
        TypedResults.Ok<IReadOnlyList<SegmentView>>([.. SegmentPolicies.All.Select(p => new SegmentView(p.Segment, p.Beds, p.MinBeds, p.MaxBeds, p.CsmModel, p.CheckIns, p.Reviews))]);

    /// <summary>One row of the segment policy.</summary>
    internal sealed record SegmentView(string Segment, string Beds, int MinBeds, int? MaxBeds, string CsmModel, string CheckIns, string Reviews);
}
