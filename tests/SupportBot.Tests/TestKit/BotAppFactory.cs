using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// The real app in process (WebApplicationFactory) with its own SQLite file and any settings a test gives.
/// Replies go to whatever serviceUrl the test's activities carry, typically a <see cref="FakeConnector"/>.
/// </summary>
public sealed class BotAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    /// <param name="logs">Receives every log line of the app; a test that shares one across restarts passes it in.</param>
    public BotAppFactory(IDictionary<string, string?>? settings = null, string? databasePath = null, CapturedLogs? logs = null)
    {
        Log = logs ?? new CapturedLogs();
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"supportbot-test-{Guid.NewGuid():N}.db");
        _settings = new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = DatabasePath,
            ["Bot:MicrosoftAppId"] = "",
            ["TypingIndicator:Delay"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    /// <summary>What the app logged (at the levels its configuration lets through).</summary>
    public CapturedLogs Log { get; }

    /// <summary>The SQLite file; a second factory on the same path is the same bot restarted.</summary>
    public string DatabasePath { get; }

    /// <summary>Serves the app on real Kestrel at 127.0.0.1 (a free port) for outside clients; returns its base address.</summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Also as host settings: Program.cs reads some (Storage:Provider) while it registers services, before the
        // app configuration below is in place.
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        // Program reads a few settings while it registers services (telemetry exporters), before the configuration
        // above is applied; host settings reach it from the start.
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }
}
