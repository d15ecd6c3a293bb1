namespace SupportBot.Dialogs.Engine;

/// <summary>The dialogs a <see cref="DialogContext"/> can start, by id.</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);

    public DialogSet Add(Dialog dialog)
    {
        if (!_dialogs.TryAdd(dialog.Id, dialog))
            throw new ArgumentException($"A dialog with the id '{dialog.Id}' is already in the set.", nameof(dialog));
        return this;
    }

    public Dialog? Find(string dialogId) => _dialogs.GetValueOrDefault(dialogId);
}
