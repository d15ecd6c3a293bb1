using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// The real app in process (WebApplicationFactory) with its own SQLite file and any settings a test gives.
/// Replies go to whatever serviceUrl the test's activities carry, typically a <see cref="FakeConnector"/>.
/// </summary>
public sealed class BotAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public BotAppFactory(IDictionary<string, string?>? settings = null, string? databasePath = null)
    {
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), $"supportbot-test-{Guid.NewGuid():N}.db");
        _settings = new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = DatabasePath,
            ["Bot:MicrosoftAppId"] = "",
            ["TypingIndicator:Delay"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

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
    }
}
