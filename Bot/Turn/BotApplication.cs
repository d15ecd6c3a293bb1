using SupportBot.Bot.Schema;

namespace SupportBot.Bot.Turn;

public delegate Task RouteHandler(TurnContext turn, CancellationToken cancellationToken);

public delegate Task<InvokeResponse> InvokeRouteHandler(TurnContext turn, CancellationToken cancellationToken);

/// <summary>Whether a route takes the turn; may read state (e.g. a live chat in storage). Runs only for activities its kind filter let through.</summary>
public delegate Task<bool> RouteSelector(TurnContext turn, CancellationToken cancellationToken);

/// <summary>
/// Where a route stands in the table, as in the Microsoft 365 Agents SDK (<c>RouteRank</c>): lower ranks are tried
/// first, routes of equal rank in the order they were added.
/// </summary>
public static class RouteRank
{
    public const ushort First = 0;
    public const ushort Unspecified = ushort.MaxValue / 2;
    public const ushort Last = ushort.MaxValue;
}

/// <summary>
/// A bot as a route table over activity kinds, in the manner of the Microsoft 365 Agents SDK's AgentApplication:
/// invoke routes before the others, then by <see cref="RouteRank"/>, then in the order added; the first route whose
/// selector matches handles the turn, and only that one. Unknown activity types are ignored politely; an invoke that
/// no route handles is answered 400 with the reason (the Bot Framework SDK answers 501, but nothing a client can send
/// may get a 5xx from this bot).
/// </summary>
public abstract class BotApplication
{
    private readonly List<Route> _routes = [];

    protected void OnActivity(Func<Activity, bool> selector, RouteHandler handler, ushort rank = RouteRank.Unspecified) =>
        Add(new Route(selector, null, handler, rank, IsInvoke: false, _routes.Count));

    protected void OnActivity(string type, RouteHandler handler, ushort rank = RouteRank.Unspecified) => OnActivity(a => a.IsType(type), handler, rank);

    protected void OnMessage(RouteHandler handler, ushort rank = RouteRank.Unspecified) => OnActivity(ActivityTypes.Message, handler, rank);

    /// <summary>A message route that also asks <paramref name="selector"/> (which may read state) whether the message is its.</summary>
    protected void OnMessage(RouteSelector selector, RouteHandler handler, ushort rank = RouteRank.Unspecified) =>
        Add(new Route(a => a.IsType(ActivityTypes.Message), selector, handler, rank, IsInvoke: false, _routes.Count));

    protected void OnMembersAdded(RouteHandler handler) =>
        OnActivity(a => a.IsType(ActivityTypes.ConversationUpdate) && a.MembersAdded is { Count: > 0 }, handler);

    protected void OnConversationUpdate(RouteHandler handler) => OnActivity(ActivityTypes.ConversationUpdate, handler);

    protected void OnInstallationUpdate(RouteHandler handler) => OnActivity(ActivityTypes.InstallationUpdate, handler);

    protected void OnEvent(string name, RouteHandler handler) =>
        OnActivity(a => a.IsType(ActivityTypes.Event) && string.Equals(a.Name, name, StringComparison.Ordinal), handler);

    protected void OnInvoke(string name, InvokeRouteHandler handler) =>
        Add(new Route(a => a.IsType(ActivityTypes.Invoke) && string.Equals(a.Name, name, StringComparison.Ordinal), null,
            async (turn, ct) => turn.InvokeResponse = await handler(turn, ct), RouteRank.Unspecified, IsInvoke: true, _routes.Count));

    /// <summary>True when a route's kind filter would take the activity; a channel need not keep what no route handles.</summary>
    public bool Handles(Activity activity) => _routes.Any(route => route.Accepts(activity));

    public virtual async Task OnTurnAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        foreach (var route in _routes)
        {
            if (!route.Accepts(turn.Activity)) continue;
            if (route.Selector is { } selector && !await selector(turn, cancellationToken)) continue;
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

    private void Add(Route route)
    {
        _routes.Add(route);
        // Invoke routes first (an invoke waits for its HTTP answer), then rank, then the order added (Agents SDK RouteList).
        _routes.Sort(static (a, b) =>
        {
            var byKind = b.IsInvoke.CompareTo(a.IsInvoke);
            if (byKind != 0) return byKind;
            var byRank = a.Rank.CompareTo(b.Rank);
            return byRank != 0 ? byRank : a.Order.CompareTo(b.Order);
        });
    }

    private sealed record Route(Func<Activity, bool> Accepts, RouteSelector? Selector, RouteHandler Handler, ushort Rank, bool IsInvoke, int Order);
}
