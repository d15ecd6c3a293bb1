namespace SupportBot.Dialogs.Engine;

/// <summary>Every card or set of buttons a prompt sends gets a new id, so only the latest one can answer it.</summary>
public static class SubmissionIds
{
    public static string New() => Guid.NewGuid().ToString("N");
}
