namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>A choice prompt's result.</summary>
public sealed record FoundChoice(string Value, int Index);
