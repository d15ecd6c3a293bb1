using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine;

/// <summary>What a dialog operation did to the stack, and the result when the stack completed.</summary>
public sealed record DialogTurnResult(DialogTurnStatus Status, JsonElement? Result = null)
{
    public static DialogTurnResult Empty { get; } = new(DialogTurnStatus.Empty);
    public static DialogTurnResult Waiting { get; } = new(DialogTurnStatus.Waiting);
    public static DialogTurnResult Cancelled { get; } = new(DialogTurnStatus.Cancelled);

    public T? GetResult<T>() => Result is { ValueKind: not JsonValueKind.Null } result ? result.Deserialize<T>(ProtocolJson.Options) : default;
}
