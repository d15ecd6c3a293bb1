using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Playground;

/// <summary>The real app on Kestrel at 127.0.0.1 for the Agents Playground to talk to; one per test class.</summary>
public abstract class PlaygroundBot(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected BotAppFactory Bot { get; private set; } = null!;

    /// <summary>The bot's /api/messages, as the Playground is given it.</summary>
    protected Uri BotEndpoint { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Bot = new BotAppFactory(settings);
        BotEndpoint = new Uri(Bot.StartOnLoopback(), "/api/messages");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        File.Delete(Bot.DatabasePath);
    }
}
