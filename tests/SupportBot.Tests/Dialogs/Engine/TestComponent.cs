using SupportBot.Dialogs.Engine;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>A component made of the given dialogs; it begins with the first.</summary>
public sealed class TestComponent : ComponentDialog
{
    public TestComponent(string id, params Dialog[] dialogs) : base(id)
    {
        foreach (var dialog in dialogs) AddDialog(dialog);
    }
}
