using SupportBot.Bot.Turn;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>The language a user picked, kept in user state as an app would.</summary>
public sealed class UserPreferences
{
    public const string Property = "preferences";

    public string? Language { get; set; }

    public static string? LanguageOf(TurnContext turn) => turn.State.User.Find<UserPreferences>(Property)?.Language;
}
