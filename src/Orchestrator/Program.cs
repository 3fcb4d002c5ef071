using Orchestrator.Activities;
using Orchestrator.Api;
using Orchestrator.Api.Accounts;
using Orchestrator.Api.Dashboard;
using Orchestrator.Api.Escalations;
using Orchestrator.Api.Incidents;
using Orchestrator.Api.People;
using Orchestrator.Api.Sla;
using Orchestrator.Api.Tasks;
using Orchestrator.Auth;
using Orchestrator.Cli;
using Orchestrator.Definitions;
using Orchestrator.Designer;
using Orchestrator.Engine.Runtime;
using Orchestrator.Health;
using Orchestrator.Http;
using Orchestrator.Journal;
using Orchestrator.Notifications;
using Orchestrator.Persistence;
using Orchestrator.Playbooks;
using Orchestrator.Scheduling;
using Orchestrator.Sla;
using Orchestrator.Stimuli;
using Orchestrator.Tasks;
using Orchestrator.Telemetry;
using Orchestrator.Webhooks;

if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = DesignerApp.WebRoot(Directory.GetCurrentDirectory(), AppContext.BaseDirectory) });
builder.Services.AddEngine()
    .AddActivitiesFrom(typeof(Orchestrator.Activities.ActivitiesAssembly).Assembly)
    .AddActivitiesFrom(typeof(Program).Assembly);
builder.Services.AddHttpActivities();
builder.Services.AddPersistence(builder.Configuration, migrateEarly: true);
builder.Services.AddDomainServices();
builder.Services.AddEscalationApi(builder.Configuration);
builder.Services.AddIncidentsApi();
builder.Services.AddSlaServices();
builder.Services.AddNotificationDelivery(builder.Configuration);
builder.Services.AddDefinitionCatalog();
builder.Services.AddWorkflowFolders();
builder.Services.AddJournal();
builder.Services.AddStimuli();
builder.Services.AddTicketWebhooks();
builder.Services.AddTaskInbox();
builder.Services.AddSlaRecords();
builder.Services.AddPlaybooks();
builder.Services.AddApiKeyAuth();
builder.Services.AddRestApi();
builder.Services.AddScheduling(builder.Configuration);
builder.Services.AddOrchestratorHealth();
builder.Services.AddTelemetry(builder.Configuration);

var app = builder.Build();
app.UseDesignerFiles();
app.UseRestApi();
app.MapHealth();
app.MapApiDocument();
app.MapWorkflowDefinitionsApi();
app.MapWorkflowInstancesApi();
app.MapStimuliApi();
app.MapTasksApi();
app.MapDashboardApi();
app.MapApiKeysApi();
app.MapSignInApi();
app.MapPeopleApi();
app.MapAccountsApi();
app.MapNotificationWebhooks();
app.MapActivityDescriptors();
app.MapSlaApi();
app.MapHttpWorkflows();
app.MapTicketWebhooks();
app.MapEscalationApi();
app.MapIncidentsApi();
app.MapDesigner();
await app.RunAsync();
return 0;

/// <summary>The entry point, public so tests can host the API with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
