using Orchestrator;
using Orchestrator.Cli;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Scheduling;

if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEngine().AddActivitiesFrom(typeof(Orchestrator.Activities.ActivitiesAssembly).Assembly);
builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddScheduling(builder.Configuration);
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MapHealth();
app.MapActivityDescriptors();
await app.RunAsync();
return 0;
