using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Localization;
using SupportBot.Requests.Forms;

namespace SupportBot.Dialogs.Guides;

/// <summary>
/// The self-help guides under <c>Content/guides/&lt;language&gt;/&lt;id&gt;.json</c> (data that support writers
/// edit). <see cref="Load"/> checks every file and every language against English and fails fast with one
/// message listing every problem, so a broken guide stops the bot at start-up rather than mid-conversation.
/// </summary>
public sealed partial class GuideCatalog
{
    /// <summary>
    /// The DESIGN.md intents a guide may answer, in the order guides are offered (the topic menu order).
    /// </summary>
    public static IReadOnlyList<string> GuideIntents => Intents;

    private static readonly string[] Intents =
    [
        "AccountSetup", "AdminTasks", "Billing", "SubscriptionChange", "ServiceHealth", "ServiceUpdates",
        "SoftwareConfiguration", "Connectivity", "Performance", "PartnerCenterIssue", "EscalateCustomerIssue",
    ];

    private readonly Dictionary<string, Dictionary<string, Guide>> _byLanguage;
    private readonly Dictionary<string, string> _guideIdByIntent;
    private readonly IReadOnlyList<string> _guideIds;

    private GuideCatalog(Dictionary<string, Dictionary<string, Guide>> byLanguage)
    {
        _byLanguage = byLanguage;
        var english = byLanguage[Language.English].Values;
        _guideIds = english.OrderBy(guide => MenuPosition(guide.Intent)).ThenBy(guide => guide.Id, StringComparer.Ordinal)
            .Select(guide => guide.Id).ToList();
        _guideIdByIntent = english.ToDictionary(guide => guide.Intent, guide => guide.Id, StringComparer.Ordinal);
    }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Content", "guides");

    /// <summary>Every guide id, in topic-menu order.</summary>
    public IReadOnlyList<string> GuideIds => _guideIds;

    /// <summary>Loads and checks every guide; throws <see cref="InvalidDataException"/> listing all problems found.</summary>
    public static GuideCatalog Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        var problems = new List<string>();
        var byLanguage = new Dictionary<string, Dictionary<string, Guide>>(StringComparer.Ordinal);

        if (!Directory.Exists(directory))
            throw new InvalidDataException($"Guides: no directory {directory}.");

        foreach (var language in Language.All)
        {
            var guides = new Dictionary<string, Guide>(StringComparer.Ordinal);
            var languageDirectory = Path.Combine(directory, language);
            if (!Directory.Exists(languageDirectory))
            {
                problems.Add($"{language}: no directory {languageDirectory}.");
                byLanguage[language] = guides;
                continue;
            }
            foreach (var path in Directory.GetFiles(languageDirectory, "*.json").Order(StringComparer.Ordinal))
            {
                var guide = ReadGuide(path, language, problems);
                if (guide is not null) guides[guide.Id] = guide;
            }
            byLanguage[language] = guides;
        }

        CheckOneGuidePerIntent(byLanguage[Language.English], problems);
        foreach (var language in Language.All.Where(language => language != Language.English))
            CheckAgainstEnglish(byLanguage[Language.English], byLanguage[language], language, problems);

        if (problems.Count > 0)
            throw new InvalidDataException(
                $"Guides in {directory} are invalid ({problems.Count} problem(s)):{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems));
        return new GuideCatalog(byLanguage);
    }

    /// <summary>The guide in <paramref name="language"/> (unsupported languages read English).</summary>
    public Guide Get(string guideId, string language) =>
        TryGet(guideId, language, out var guide) ? guide : throw new KeyNotFoundException($"No guide '{guideId}'.");

    public bool TryGet(string guideId, string language, out Guide guide) =>
        Guides(language).TryGetValue(guideId, out guide!);

    /// <summary>The guides people in <paramref name="role"/> may see, in topic-menu order.</summary>
    public IReadOnlyList<Guide> ForRole(GuideRole role, string language)
    {
        var guides = Guides(language);
        return _guideIds.Select(id => guides[id]).Where(guide => guide.IsFor(role)).ToList();
    }

    /// <summary>The id of the guide that answers <paramref name="intent"/> (a DESIGN.md intent name), or null.</summary>
    public string? ByIntent(string intent) => _guideIdByIntent.GetValueOrDefault(intent);

    /// <summary>A step of the guide as <paramref name="role"/> reads it.</summary>
    public GuideStep GetStep(string guideId, string language, GuideRole role, string stepId) =>
        Get(guideId, language).For(role).FindStep(stepId)
        ?? throw new KeyNotFoundException($"Guide '{guideId}' has no step '{stepId}' for {role}.");

    private Dictionary<string, Guide> Guides(string language) =>
        _byLanguage.TryGetValue(language, out var guides) ? guides : _byLanguage[Language.English];

    private static int MenuPosition(string intent)
    {
        var index = Array.IndexOf(Intents, intent);
        return index < 0 ? int.MaxValue : index;
    }

    // ---- reading and checking one file ----

    private static Guide? ReadGuide(string path, string language, List<string> problems)
    {
        var where = $"{language}/{Path.GetFileName(path)}";
        GuideFile? file;
        try
        {
            file = JsonSerializer.Deserialize<GuideFile>(File.ReadAllText(path), GuideFile.Options);
        }
        catch (JsonException exception)
        {
            problems.Add($"{where}: not valid guide JSON ({exception.Message})");
            return null;
        }
        if (file is null)
        {
            problems.Add($"{where}: empty.");
            return null;
        }

        var before = problems.Count;
        var expectedId = Path.GetFileNameWithoutExtension(path);
        if (file.Id != expectedId) problems.Add($"{where}: id '{file.Id}' must equal the file name '{expectedId}'.");
        if (file.Intent is null || !GuideIntents.Contains(file.Intent))
            problems.Add($"{where}: intent '{file.Intent}' is not one of {string.Join(", ", GuideIntents)}.");
        if (string.IsNullOrWhiteSpace(file.Area) || !KebabId().IsMatch(file.Area))
            problems.Add($"{where}: area '{file.Area}' must be a lower-case code such as 'billing'.");
        RequireText(file.Title, $"{where}: title", problems);

        var roles = ReadRoles(file.Roles, where, problems);
        var content = ReadContent(file.Summary, file.Steps, file.Notes, file.Outcome, where, problems);

        var variants = new Dictionary<GuideRole, GuideContent>();
        foreach (var (roleName, variant) in file.Variants ?? new Dictionary<string, GuideVariantFile>())
        {
            var variantWhere = $"{where} variants.{roleName}";
            if (!TryParseRole(roleName, out var role))
            {
                problems.Add($"{variantWhere}: unknown role (use customer, partner or agent).");
                continue;
            }
            if (!roles.Contains(role)) problems.Add($"{variantWhere}: the role is not in the guide's roles.");
            variants[role] = ReadContent(
                variant.Summary ?? file.Summary, variant.Steps ?? file.Steps, variant.Notes ?? file.Notes,
                variant.Outcome ?? file.Outcome, variantWhere, problems);
        }

        var notSolved = ReadNotSolved(file.NotSolved, roles, where, problems);

        return problems.Count > before
            ? null
            : new Guide(file.Id!, language, file.Intent!, roles, file.Area!, file.Title!, content, variants, notSolved);
    }

    /// <summary>Customers can only ask their partner; Partner Center requests and escalations are the partner's.</summary>
    private static readonly Dictionary<GuideRole, string[]> NotSolvedRequests = new()
    {
        [GuideRole.Customer] = [RequestForms.ServiceRequestName, RequestForms.SubscriptionChangeName],
        [GuideRole.Partner] = [RequestForms.PartnerCenterRequestName, GuideNotSolved.EscalationPrecheck],
        [GuideRole.Agent] = [],
    };

    private static Dictionary<GuideRole, GuideNotSolved> ReadNotSolved(
        IReadOnlyDictionary<string, GuideNotSolvedFile>? files, List<GuideRole> roles, string where, List<string> problems)
    {
        var notSolved = new Dictionary<GuideRole, GuideNotSolved>();
        foreach (var (roleName, file) in files ?? new Dictionary<string, GuideNotSolvedFile>())
        {
            var notSolvedWhere = $"{where} notSolved.{roleName}";
            if (!TryParseRole(roleName, out var role))
            {
                problems.Add($"{notSolvedWhere}: unknown role (use customer, partner or agent).");
                continue;
            }
            if (!roles.Contains(role)) problems.Add($"{notSolvedWhere}: the role is not in the guide's roles.");
            if (file.Request is null || !NotSolvedRequests[role].Contains(file.Request))
                problems.Add($"{notSolvedWhere}: request '{file.Request}' must be one of [{string.Join(", ", NotSolvedRequests[role])}] for this role.");
            if (file.Category is not null && (file.Request != RequestForms.PartnerCenterRequestName || !RequestForms.PartnerCenterCategories.Contains(file.Category)))
                problems.Add($"{notSolvedWhere}: category '{file.Category}' must be one of [{string.Join(", ", RequestForms.PartnerCenterCategories)}] with a {RequestForms.PartnerCenterRequestName}.");
            notSolved[role] = new GuideNotSolved(file.Request ?? "", file.Category);
        }
        return notSolved;
    }

    private static List<GuideRole> ReadRoles(IReadOnlyList<string>? names, string where, List<string> problems)
    {
        var roles = new List<GuideRole>();
        if (names is null || names.Count == 0) problems.Add($"{where}: roles must list at least one of customer, partner, agent.");
        foreach (var name in names ?? [])
        {
            if (!TryParseRole(name, out var role)) problems.Add($"{where}: unknown role '{name}' (use customer, partner or agent).");
            else if (roles.Contains(role)) problems.Add($"{where}: role '{name}' is listed twice.");
            else roles.Add(role);
        }
        return roles;
    }

    private static GuideContent ReadContent(
        string? summary, IReadOnlyList<GuideStepFile>? stepFiles, IReadOnlyList<string>? notes, GuideOutcomeFile? outcome,
        string where, List<string> problems)
    {
        RequireText(summary, $"{where}: summary", problems);
        if (stepFiles is null || stepFiles.Count == 0) problems.Add($"{where}: steps must not be empty.");

        var steps = new List<GuideStep>();
        foreach (var (stepFile, index) in (stepFiles ?? []).Select((step, index) => (step, index)))
        {
            var stepWhere = $"{where} step {index + 1} '{stepFile.Id}'";
            if (stepFile.Id is null || !KebabId().IsMatch(stepFile.Id)) problems.Add($"{stepWhere}: id must be a lower-case code such as 'open-admin-center'.");
            else if (steps.Any(step => step.Id == stepFile.Id)) problems.Add($"{stepWhere}: id is used twice.");
            RequireText(stepFile.Title, $"{stepWhere}: title", problems);
            RequireText(stepFile.Text, $"{stepWhere}: text", problems);
            steps.Add(new GuideStep(stepFile.Id ?? "", stepFile.Title ?? "", stepFile.Text ?? "", ReadLink(stepFile.Link, stepWhere, problems)));
        }

        foreach (var (note, index) in (notes ?? []).Select((note, index) => (note, index)))
            RequireText(note, $"{where}: note {index + 1}", problems);

        if (outcome is { CustomerCannotChange: true })
        {
            RequireText(outcome.Statement, $"{where}: outcome.statement (required with customerCannotChange)", problems);
            RequireText(outcome.Offer, $"{where}: outcome.offer (required with customerCannotChange)", problems);
        }

        return new GuideContent(
            summary ?? "", steps, notes ?? [],
            outcome is null ? null : new GuideOutcome(outcome.CustomerCannotChange, outcome.Statement, outcome.Offer));
    }

    private static GuideLink? ReadLink(GuideLinkFile? link, string where, List<string> problems)
    {
        if (link is null) return null;
        RequireText(link.Title, $"{where}: link.title", problems);
        if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{where}: link.url '{link.Url}' must be an absolute https URL.");
            return null;
        }
        return new GuideLink(link.Title ?? "", url);
    }

    private static void RequireText(string? text, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) problems.Add($"{what} must not be empty.");
    }

    // Roles are written in lower case in the files ("customer"); "Customer" or "1" are rejected to keep files uniform.
    private static bool TryParseRole(string name, out GuideRole role)
    {
        foreach (var candidate in Enum.GetValues<GuideRole>())
        {
            if (name == candidate.ToString().ToLowerInvariant())
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    // ---- checks across files and languages ----

    private static void CheckOneGuidePerIntent(Dictionary<string, Guide> english, List<string> problems)
    {
        foreach (var group in english.Values.GroupBy(guide => guide.Intent).Where(group => group.Count() > 1))
            problems.Add($"intent {group.Key} is answered by several guides ({string.Join(", ", group.Select(guide => guide.Id))}); keep one.");
    }

    private static void CheckAgainstEnglish(
        Dictionary<string, Guide> english, Dictionary<string, Guide> translated, string language, List<string> problems)
    {
        foreach (var id in english.Keys.Except(translated.Keys)) problems.Add($"{language}/{id}.json is missing (it exists in en).");
        foreach (var id in translated.Keys.Except(english.Keys)) problems.Add($"{language}/{id}.json has no English original in en/.");

        foreach (var (id, original) in english)
        {
            if (!translated.TryGetValue(id, out var guide)) continue;
            var where = $"{language}/{id}.json";
            if (guide.Intent != original.Intent) problems.Add($"{where}: intent {guide.Intent} differs from en ({original.Intent}).");
            if (guide.Area != original.Area) problems.Add($"{where}: area '{guide.Area}' differs from en ('{original.Area}').");
            if (!guide.Roles.Order().SequenceEqual(original.Roles.Order()))
                problems.Add($"{where}: roles [{string.Join(", ", guide.Roles)}] differ from en [{string.Join(", ", original.Roles)}].");
            if (!guide.NotSolved.OrderBy(pair => pair.Key).SequenceEqual(original.NotSolved.OrderBy(pair => pair.Key)))
                problems.Add($"{where}: notSolved differs from en.");
            if (!guide.Variants.Keys.Order().SequenceEqual(original.Variants.Keys.Order()))
                problems.Add($"{where}: variants [{string.Join(", ", guide.Variants.Keys)}] differ from en [{string.Join(", ", original.Variants.Keys)}].");

            CheckSameShape(original.Content, guide.Content, where, problems);
            foreach (var (role, variant) in original.Variants)
                if (guide.Variants.TryGetValue(role, out var translatedVariant))
                    CheckSameShape(variant, translatedVariant, $"{where} variants.{role.ToString().ToLowerInvariant()}", problems);
        }
    }

    private static void CheckSameShape(GuideContent original, GuideContent translated, string where, List<string> problems)
    {
        var originalIds = original.Steps.Select(step => step.Id).ToList();
        var translatedIds = translated.Steps.Select(step => step.Id).ToList();
        if (!originalIds.SequenceEqual(translatedIds))
            problems.Add($"{where}: steps [{string.Join(", ", translatedIds)}] must be the same and in the same order as en [{string.Join(", ", originalIds)}].");
        if ((original.Outcome?.CustomerCannotChange ?? false) != (translated.Outcome?.CustomerCannotChange ?? false))
            problems.Add($"{where}: outcome.customerCannotChange differs from en.");
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();
}
