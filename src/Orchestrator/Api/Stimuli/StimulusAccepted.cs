using Orchestrator.Stimuli;

namespace Orchestrator.Api.Stimuli;

/// <summary>
/// The answer to a stimulus: <c>delivered</c> (it started or resumed runs), <c>pending</c> (nothing waits for it yet;
/// it is kept and delivered when a matching bookmark appears within the redelivery window) or <c>duplicate</c>
/// (its dedupe key was seen before; <c>stimulusId</c> is the first one's).
/// </summary>
internal sealed record StimulusAccepted(string StimulusId, string Status)
{
    public static StimulusAccepted From(StimulusReceipt receipt) => new(receipt.StimulusId, receipt.Outcome switch
    {
        StimulusOutcome.Delivered => "delivered",
        StimulusOutcome.Pending => "pending",
        _ => "duplicate",
    });
}
