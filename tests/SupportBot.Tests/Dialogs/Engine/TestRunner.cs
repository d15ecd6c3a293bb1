using SupportBot.Bot.State;
using SupportBot.Dialogs.Engine;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>A test adapter over a bot that runs <c>root</c> with the app-style interruption and expired-card handlers.</summary>
public static class TestRunner
{
    public static TestAdapter Adapter(Dialog root, IStorage? storage = null, ExpiredCardHandler? expired = null) =>
        new(new DialogTestBot(root, new DialogRunner(new TestInterruptions(root.Id), expired ?? new ExpiredCardHandler(), UserPreferences.LanguageOf)), storage);
}
