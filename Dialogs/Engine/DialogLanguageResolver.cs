using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine;

/// <summary>Reads the language a turn should speak (e.g. from the user's stored choice); the activity locale when absent.</summary>
public delegate string? DialogLanguageResolver(TurnContext turn);
