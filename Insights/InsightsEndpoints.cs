using System.Globalization;
using System.Text;
using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>
/// <c>/insights</c> (the page, in the viewer's language: <c>?lang=</c>, else the browser's) and
/// <c>/insights/api/{report}.json|.csv</c> with <c>from</c>, <c>to</c> (yyyy-MM-dd, UTC; default the last 30 days),
/// <c>queue</c> and <c>language</c>. Behind <see cref="InsightsAccess"/>: without it, 401 (API) or the sign-in
/// redirect (page), and no data either way.
/// </summary>
public static class InsightsEndpoints
{
    public const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app)
    {
        app.MapGet("/insights", PageAsync);
        app.MapGet("/insights/api/{file}", ApiAsync);
        return app;
    }

    private static async Task PageAsync(HttpContext context, InsightsAccess access, InsightsPage page)
    {
        var (decision, viewer) = await access.DecideAsync(context);
        if (decision == InsightsAccessDecision.SignInNeeded && access.SignInConfigured)
        {
            await InsightsAccess.ChallengeAsync(context);
            return;
        }
        if (viewer is null)
        {
            context.Response.StatusCode = decision == InsightsAccessDecision.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            return;
        }
        var language = Language.Normalize(context.Request.Query["lang"].ToString())
            ?? Language.FromLocale(context.Request.Headers.AcceptLanguage.ToString().Split(',')[0].Split(';')[0].Trim());
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(page.Render(language, viewer), context.RequestAborted);
    }

    private static async Task<IResult> ApiAsync(HttpContext context, string file, InsightsAccess access, InsightsReports reports, TimeProvider time)
    {
        var (decision, viewer) = await access.DecideAsync(context);
        if (viewer is null) return decision == InsightsAccessDecision.Forbidden ? Results.StatusCode(StatusCodes.Status403Forbidden) : Results.Unauthorized();

        var csv = file.EndsWith(".csv", StringComparison.Ordinal);
        var name = csv ? file[..^4] : file.EndsWith(".json", StringComparison.Ordinal) ? file[..^5] : null;
        if (name is null || !InsightsReports.Names.Contains(name)) return Results.NotFound();
        if (Parse(context.Request.Query, time.GetUtcNow()) is not { } parsed) return Results.BadRequest(new { error = "from and to are days (yyyy-MM-dd), from ≤ to, at most 400 days; queue is PartnerHelpdesk or VianetDesk; language en, zh-Hans or ja." });
        if (viewer.Scope(parsed.Queue) is not { } scope) return Results.StatusCode(StatusCodes.Status403Forbidden);

        var table = await reports.GetAsync(name, new InsightsQuery(parsed.Range, scope, parsed.Language), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        if (!csv) return Results.Json(table);
        var fileName = $"insights-{name}-{parsed.Range.FromDay}-{parsed.Range.ToDay}.csv";
        // A byte order mark, so spreadsheet programs read the Chinese and Japanese text as UTF-8.
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(table.ToCsv())).ToArray(), "text/csv; charset=utf-8", fileName);
    }

    private sealed record Parsed(InsightsRange Range, AgentQueue? Queue, string? Language);

    private static Parsed? Parse(IQueryCollection query, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (!Day(query["to"], today, out var to) || !Day(query["from"], to.AddDays(1 - DefaultDays), out var from)) return null;
        if (from > to || to.DayNumber - from.DayNumber >= InsightsRange.MaxDays) return null;
        AgentQueue? queue = null;
        if (query["queue"].ToString() is { Length: > 0 } queueText)
        {
            if (!Enum.TryParse<AgentQueue>(queueText, ignoreCase: false, out var parsedQueue) || !Enum.IsDefined(parsedQueue)) return null;
            queue = parsedQueue;
        }
        string? language = null;
        if (query["language"].ToString() is { Length: > 0 } languageText && (language = Language.Normalize(languageText)) is null) return null;
        return new Parsed(new InsightsRange(from, to), queue, language);
    }

    private static bool Day(Microsoft.Extensions.Primitives.StringValues value, DateOnly fallback, out DateOnly day)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value.ToString()))
        {
            day = fallback;
            return true;
        }
        return DateOnly.TryParseExact(value.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
