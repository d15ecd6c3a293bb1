using SupportBot.Bot.Hosting;
using SupportBot.Dialogs;
using SupportBot.Dialogs.Agents;
using SupportBot.Requests;
using SupportBot.Requests.Outbox;
using SupportBot.Recognition;
using SupportBot.Storage;

if (args.FirstOrDefault() is { } command && SupportBot.CommandLine.TryGet(command, out var runCommand))
    return await runCommand(args[1..]);

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddBotHost<SupportBotApplication>(builder.Configuration);
builder.Services.AddSupportStorage(builder.Configuration);
builder.Services.AddRequests(builder.Configuration);
builder.Services.AddIntentRecognition(builder.Configuration);
builder.Services.AddSupportDialogs(builder.Configuration);
builder.Services.AddAgentDesk();

var app = builder.Build();

app.MapBotMessages();
app.MapGet("/healthz", OutboxHealth.GetAsync);

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
