using System.Net;
using System.Text.Json;
using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Insights;

/// <summary>
/// The /insights page: a shell in the viewer's language whose script (wwwroot/insights/insights.js, with Chart.js from
/// wwwroot/lib) fetches the tables from /insights/api. Its strings travel as JSON in a non-executable script element
/// (the CSP allows no inline script).
/// </summary>
public sealed class InsightsPage(StringCatalog strings)
{
    public string Render(string language, InsightsViewer viewer)
    {
        var texts = strings.Keys(language).Where(key => key.StartsWith("insights.", StringComparison.Ordinal))
            .ToDictionary(key => key["insights.".Length..], key => strings.Get(language, key));
        // Values shown in the tables and charts, in the viewer's language (statuses as the agents read them).
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, text) in texts.Where(pair => pair.Key.StartsWith("value.", StringComparison.Ordinal))) values[key["value.".Length..]] = text;
        foreach (var status in Enum.GetValues<RequestStatus>()) values[status.ToString()] = strings.Get(language, $"agents.status.{status}");
        foreach (var other in Language.All) values[other] = strings.Get(other, $"language.name.{other}");
        var config = new
        {
            language,
            strings = texts,
            values,
            queues = viewer.Queues.Order().Select(queue => queue.ToString()).ToList(),
            viewer = viewer.Name,
            languages = Language.All.ToDictionary(other => other, other => strings.Get(other, $"language.name.{other}")),
        };
        // The default encoder writes < > & ' as \u escapes, so nothing in the JSON can close the script element.
        var json = JsonSerializer.Serialize(config);
        var title = WebUtility.HtmlEncode(texts["title"]);
        return $"""
            <!doctype html>
            <html lang="{language}">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title} · SupportBot</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="/insights/insights.css">
              <script id="insights-config" type="application/json">{json}</script>
              <script src="/lib/chart.umd.min.js" defer></script>
              <script src="/insights/insights.js" defer></script>
            </head>
            <body>
              <header>
                <h1>{title}</h1>
                <p class="subtitle">{WebUtility.HtmlEncode(texts["subtitle"])}</p>
                <form id="range" class="range"></form>
              </header>
              <main id="sections"></main>
            </body>
            </html>
            """;
    }
}
