using Orchestrator;
using Orchestrator.Cli;
using Orchestrator.Definitions;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;

if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEngine().AddActivitiesFrom(typeof(Orchestrator.Activities.ActivitiesAssembly).Assembly);
builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddWorkflowFolders();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MapHealth();
app.MapActivityDescriptors();
await app.RunAsync();
return 0;
