using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tasks;
using Orchestrator.Persistence;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Dashboard;

/// <summary>
/// One account's onboarding: of the tasks its onboarding runs have created so far (cancelled ones left out), how many
/// are completed and overdue, and the phase of the open task due first (null when none is open).
/// </summary>
internal sealed record OnboardingAccount(string AccountId, string? Customer, string InstanceId, int Tasks, int Completed, int Overdue, double PercentComplete, string? CurrentPhase);

internal static class OnboardingProgress
{
    /// <summary>Definitions whose id starts with this are onboarding playbooks (the shipped one is <c>onboarding-90-day</c>).</summary>
    public const string DefinitionPrefix = "onboarding";

    public static async Task<IReadOnlyList<OnboardingAccount>> ReadAsync(OrchestratorDbContext db, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var tasks = await db.Set<HumanTaskRecord>().AsNoTracking()
            .Where(t => t.AccountId != null && t.DefinitionId != null && t.DefinitionId.StartsWith(DefinitionPrefix) && t.Status != HumanTaskStatus.Cancelled)
            .Select(t => new { AccountId = t.AccountId!, t.InstanceId, t.Status, t.Phase, t.DueAt, t.CreatedAt })
            .ToListAsync(cancellationToken);
        var accounts = new List<OnboardingAccount>();
        foreach (var account in tasks.GroupBy(t => t.AccountId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var completed = account.Count(t => t.Status == HumanTaskStatus.Completed);
            var current = account.Where(t => t.Status is HumanTaskStatus.Open or HumanTaskStatus.Overdue)
                .OrderBy(t => t.DueAt ?? long.MaxValue).ThenBy(t => t.CreatedAt).FirstOrDefault();
            var name = (await documents.GetAccountAsync(account.Key, cancellationToken))?.Customer;
            accounts.Add(new OnboardingAccount(
                account.Key,
                name,
                account.MaxBy(t => t.CreatedAt)!.InstanceId,
                account.Count(),
                completed,
                account.Count(t => t.Status == HumanTaskStatus.Overdue),
                Math.Round(100.0 * completed / account.Count(), 1),
                current?.Phase));
        }

        return accounts;
    }
}
