using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Auth;

/// <summary>What the bot says and refuses at start, before any request.</summary>
public sealed class AuthStartupTests
{
    [Fact]
    public async Task Without_an_app_id_the_warning_is_logged_once_at_start_not_per_request()
    {
        var logs = new CollectingLoggerProvider();
        await using var connector = await FakeConnector.StartAsync();
        await using var factory = new BotAppFactory();
        await using var app = factory.WithWebHostBuilder(web => web.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));

        using var client = app.CreateClient();
        Assert.Single(logs.Warnings("inbound authentication is off"));

        for (var i = 1; i <= 2; i++)
        {
            var response = await client.PostAsJsonAsync("/api/messages", Activities.WebChatMessage("hi", connector.ServiceUrl), ProtocolJson.Options);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Single(logs.Warnings("inbound authentication is off"));
    }

    [Theory]
    [InlineData("SingleTenant", "", "secret")]      // no tenant
    [InlineData("SingleTenant", "tenant", "")]      // no secret
    [InlineData("MultiTenant", "", "")]             // no secret
    [InlineData("UserAssignedMSI", "tenant", "secret")] // a managed identity has no password
    [InlineData("Certificate", "tenant", "secret")] // not an app type
    public void Settings_that_cannot_work_stop_the_bot_at_start(string appType, string tenant, string password)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = Activities.BotAppId,
            ["Bot:MicrosoftAppType"] = appType,
            ["Bot:MicrosoftAppTenantId"] = tenant,
            ["Bot:MicrosoftAppPassword"] = password,
        }).Build();
        var services = new ServiceCollection().AddLogging().Configure<BotAuthOptions>(configuration.GetSection(BotAuthOptions.Section));
        services.AddBotAuthentication();
        using var provider = services.BuildServiceProvider();

        // What the host runs before it starts (ValidateOnStart); WebApplicationFactory reports a failed start unreliably.
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Bot settings are incomplete", error.Message);
    }

    [Fact]
    public void Settings_without_an_app_id_start_with_auth_off()
    {
        var services = new ServiceCollection().AddLogging().Configure<BotAuthOptions>(o => o.MicrosoftAppType = "anything");
        services.AddBotAuthentication();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

        public IEnumerable<string> Warnings(string containing) =>
            _entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains(containing, StringComparison.Ordinal)).Select(e => e.Message);

        public ILogger CreateLogger(string categoryName) => new Collector(_entries);

        public void Dispose() { }

        private sealed class Collector(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
