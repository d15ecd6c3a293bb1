namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>A waterfall's typed state in the test dialogs.</summary>
public sealed class ProfileState
{
    public string? Name { get; set; }
    public string? Topic { get; set; }
    public int Steps { get; set; }
}
