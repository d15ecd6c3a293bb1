namespace SupportBot.Dialogs.Engine;

/// <summary>The stored stack names a dialog that this build does not have (e.g. renamed by a deployment).</summary>
public sealed class DialogNotFoundException(string dialogId)
    : Exception($"The stored dialog stack names '{dialogId}', which is not registered.")
{
    public string DialogId { get; } = dialogId;
}
