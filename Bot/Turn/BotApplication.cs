using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Turn;

public delegate Task RouteHandler(TurnContext turn, CancellationToken cancellationToken);

public delegate Task<InvokeResponse> InvokeRouteHandler(TurnContext turn, CancellationToken cancellationToken);

/// <summary>
/// A bot as a route table over activity kinds, in the manner of the Microsoft 365 Agents SDK's AgentApplication:
/// the first route whose selector matches handles the turn. Unknown activity types are ignored politely;
/// an invoke that no route handles is answered 400 with the reason (the Bot Framework SDK answers 501, but nothing a
/// client can send may get a 5xx from this bot).
/// </summary>
public abstract class BotApplication
{
    private readonly List<Route> _routes = [];

    protected void OnActivity(Func<Activity, bool> selector, RouteHandler handler) => _routes.Add(new Route(selector, handler));

    protected void OnActivity(string type, RouteHandler handler) => OnActivity(a => a.IsType(type), handler);

    protected void OnMessage(RouteHandler handler) => OnActivity(ActivityTypes.Message, handler);

    protected void OnMembersAdded(RouteHandler handler) =>
        OnActivity(a => a.IsType(ActivityTypes.ConversationUpdate) && a.MembersAdded is { Count: > 0 }, handler);

    protected void OnConversationUpdate(RouteHandler handler) => OnActivity(ActivityTypes.ConversationUpdate, handler);

    protected void OnInstallationUpdate(RouteHandler handler) => OnActivity(ActivityTypes.InstallationUpdate, handler);

    protected void OnEvent(string name, RouteHandler handler) =>
        OnActivity(a => a.IsType(ActivityTypes.Event) && string.Equals(a.Name, name, StringComparison.Ordinal), handler);

    protected void OnInvoke(string name, InvokeRouteHandler handler) =>
        OnActivity(a => a.IsType(ActivityTypes.Invoke) && string.Equals(a.Name, name, StringComparison.Ordinal),
            async (turn, ct) => turn.InvokeResponse = await handler(turn, ct));

    /// <summary>True when a route would take the activity; a channel need not keep what no route handles.</summary>
    public bool Handles(Activity activity) => _routes.Any(route => route.Selector(activity));

    public virtual async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        foreach (var route in _routes)
        {
            if (!route.Selector(turn.Activity)) continue;
            await route.Handler(turn, cancellationToken);
            return;
        }
        if (turn.Activity.IsType(ActivityTypes.Invoke)) turn.InvokeResponse ??= UnhandledInvoke(turn.Activity.Name);
    }

    /// <summary>The answer to an invoke no route handles (also when a turn ends without an invoke response).</summary>
    public static InvokeResponse UnhandledInvoke(string? name) => new(400, ProtocolJson.ToElement(new ErrorResponse
    {
        Error = new Error { Code = "BadArgument", Message = $"This bot does not handle the invoke '{name}'." },
    }));

    private sealed record Route(Func<Activity, bool> Selector, RouteHandler Handler);
}
