namespace SupportBot.Dialogs.Engine;

/// <summary>A stored stack names a dialog that this build does not have (e.g. renamed by a deployment).</summary>
public sealed class DialogNotFoundException(string dialogId)
    : Exception($"No dialog with the id '{dialogId}' is registered.")
{
    public string DialogId { get; } = dialogId;
}
