namespace Orchestrator.Auth;

/// <summary>The roles an API key can carry.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string ProcessOwner = "process-owner";
    public const string Csm = "csm";
    public const string IncidentCommander = "incident-commander";
    public const string Integration = "integration";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, ProcessOwner, Csm, IncidentCommander, Integration, Viewer];
}

/// <summary>The authorization policies endpoints declare, each a group of roles; admin is in every group.</summary>
internal static class AuthPolicies
{
    /// <summary>Reading anything (every role).</summary>
    public const string Read = "read";

    /// <summary>Saving, publishing, retracting, reverting and deleting definitions.</summary>
    public const string ManageDefinitions = "manage-definitions";

    /// <summary>Starting, cancelling and retrying runs; completing tasks.</summary>
    public const string OperateRuns = "operate-runs";

    /// <summary>Completing, reassigning and cancelling tasks (human tasks and Elsa.RunTask completions).</summary>
    public const string WorkTasks = "work-tasks";

    /// <summary>Declaring incidents, posting their status updates, resolving and closing them.</summary>
    public const string ManageIncidents = "manage-incidents";

    /// <summary>Sending events.</summary>
    public const string SendEvents = "send-events";

    /// <summary>Editing the people directory and message templates.</summary>
    public const string ManageDirectory = "manage-directory";

    /// <summary>Creating, editing and deleting customer accounts.</summary>
    public const string ManageAccounts = "manage-accounts";

    /// <summary>Starting customer-success playbooks for an account.</summary>
    public const string StartPlaybooks = "start-playbooks";

    /// <summary>Managing API keys.</summary>
    public const string Administer = "administer";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesByPolicy { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Read] = Roles.All,
        [ManageDefinitions] = [Roles.Admin, Roles.ProcessOwner],
        [ManageDirectory] = [Roles.Admin, Roles.ProcessOwner],
        [OperateRuns] = [Roles.Admin, Roles.Csm, Roles.IncidentCommander],
        [ManageIncidents] = [Roles.Admin, Roles.IncidentCommander],
        [SendEvents] = [Roles.Admin, Roles.Integration],
        [WorkTasks] = [Roles.Admin, Roles.ProcessOwner, Roles.Csm, Roles.IncidentCommander],
        [ManageAccounts] = [Roles.Admin, Roles.ProcessOwner, Roles.Csm],
        [StartPlaybooks] = [Roles.Admin, Roles.Csm],
        [Administer] = [Roles.Admin],
    };
}
