using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Playbooks;

/// <summary>
/// Starts another playbook for an account from inside a run, through the same once-per-period reservation as
/// <c>POST /api/accounts/{id}/playbooks/{name}</c>: a playbook already running for the period is left as it is. The
/// onboarding playbook uses it to hand the account over to its success-review cadence when the last gate is met.
/// </summary>
[Activity(
    "Orchestrator.StartPlaybook",
    Category = "Playbooks",
    DisplayName = "Start playbook",
    Description = "Starts a playbook for an account once per account, playbook and period; a run already there is kept.",
    Outcomes = ["Done"])]
public sealed class StartAccountPlaybook : Activity
{
    [Input(Description = "The playbook's definition id, e.g. success-review.", Required = true)]
    public Input<string> Playbook { get; set; } = Input<string>.Empty;

    [Input(Description = "The account the playbook runs for.", Required = true)]
    public Input<string> AccountId { get; set; } = Input<string>.Empty;

    [Input(Description = "The kickoff the new run counts from; now when empty.")]
    public Input<DateTimeOffset?> KickoffDate { get; set; } = Input<DateTimeOffset?>.Empty;

    [Input(Description = "The contract start (yyyy-MM-dd) when the account has none; the account's own wins.")]
    public Input<string> ContractStart { get; set; } = Input<string>.Empty;

    [Input(Description = "The period (the dedupe key's last part); the playbook's default when empty.")]
    public Input<string> Period { get; set; } = Input<string>.Empty;

    [Output(Description = "{instanceId, playbook, period, started}: started is false when the period already had its run.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var playbook = (await context.EvaluateAsync(Playbook))?.Trim();
        if (string.IsNullOrEmpty(playbook))
        {
            throw new InvalidOperationException("input 'playbook' is empty");
        }

        var accountId = (await context.EvaluateAsync(AccountId))?.Trim();
        if (string.IsNullOrEmpty(accountId))
        {
            throw new InvalidOperationException("input 'accountId' is empty");
        }

        var contractText = (await context.EvaluateAsync(ContractStart))?.Trim();
        DateOnly? contractStart = null;
        if (!string.IsNullOrEmpty(contractText))
        {
            // An ISO instant is accepted too: its date is the contract start.
            var datePart = contractText.Length > 10 ? contractText[..10] : contractText;
            if (!DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                throw new InvalidOperationException($"input 'contractStart': '{contractText}' is not a date (yyyy-MM-dd)");
            }

            contractStart = parsed;
        }

        var documents = context.GetRequiredService<IDocumentStore>();
        var account = await documents.GetAccountAsync(accountId, context.CancellationToken)
            ?? throw new InvalidOperationException($"input 'accountId': no account '{accountId}'; playbook '{playbook}' was not started");

        var start = new PlaybookStart(
            await context.EvaluateAsync(KickoffDate),
            account.ContractStart ?? contractStart,
            await context.EvaluateAsync(Period),
            $"workflow:{context.WorkflowInstanceId}");
        var result = await context.GetRequiredService<PlaybookRuns>().StartAsync(account, playbook, start, context.CancellationToken);
        if (result.UnknownPlaybook)
        {
            throw new InvalidOperationException($"input 'playbook': {result.Problem}");
        }

        if (result.Run is not { } run)
        {
            throw new InvalidOperationException($"playbook '{playbook}' for account '{accountId}': {result.Field}: {result.Problem}");
        }

        context.JournalNote(result.Started
            ? $"started playbook {playbook} for account {accountId}, period {run.Period}: run {run.InstanceId}"
            : $"playbook {playbook} for account {accountId}, period {run.Period} already has run {run.InstanceId}; nothing started");
        var output = new JsonObject
        {
            ["instanceId"] = run.InstanceId,
            ["playbook"] = playbook,
            ["period"] = run.Period,
            ["started"] = result.Started,
        };
        context.SetOutput(Result, output);
        await context.CompleteAsync();
    }
}
