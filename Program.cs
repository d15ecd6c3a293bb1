using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Hosting;
using SupportBot.Dialogs;
using SupportBot.Dialogs.Agents;
using SupportBot.Insights;
using SupportBot.Requests;
using SupportBot.Requests.Outbox;
using SupportBot.Recognition;
using SupportBot.Storage;
using SupportBot.Telemetry;

if (args.FirstOrDefault() is { } command && SupportBot.CommandLine.TryGet(command, out var runCommand))
    return await runCommand(args[1..]);

var builder = WebApplication.CreateBuilder(args);
// Where to listen (ASP.NET Core's settings, else localhost:3978), forwarded headers, Hosting:PublicBaseUrl, health checks.
builder.AddHostingConventions();

// Before AddBotHost: its connector factory (embedded Direct Line in process, other serviceUrls over HTTP) must win.
builder.Services.AddSecurityHeaders(builder.Configuration);
builder.Services.AddDirectLine(builder.Configuration);
builder.Services.AddPageBranding(builder.Configuration);
builder.Services.AddBotHost<SupportBotApplication>(builder.Configuration);
builder.Services.AddSupportStorage(builder.Configuration);
builder.Services.AddRequests(builder.Configuration);
builder.Services.AddInsights(builder.Configuration);
builder.Services.AddIntentRecognition(builder.Configuration);
builder.Services.AddSupportDialogs(builder.Configuration);
builder.Services.AddAgentDesk();
builder.AddSupportTelemetry();

var app = builder.Build();

app.UseHostingConventions();
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseWebSockets();
app.UseCors();

app.MapBotMessages();
app.MapDirectLine();
app.MapPageBranding();
app.MapGet("/healthz", OutboxHealth.GetAsync);
app.MapHealthEndpoints();
app.MapInsights();

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
