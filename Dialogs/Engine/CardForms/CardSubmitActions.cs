namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>Values of <see cref="CardSubmitKeys.Action"/>.</summary>
public static class CardSubmitActions
{
    public const string Submit = "submit";
    public const string Cancel = "cancel";
}
