namespace SupportBot.Dialogs.Guides;

/// <summary>Who a guide (or a variant of it) is written for.</summary>
public enum GuideRole
{
    /// <summary>A partner's end customer (web chat or Teams).</summary>
    Customer,

    /// <summary>A CSP reseller partner (Teams).</summary>
    Partner,

    /// <summary>A support agent: the partner's helpdesk or 21Vianet's escalation desk.</summary>
    Agent,
}

/// <summary>
/// One self-help guide in one language, as support writers keep it in
/// <c>Content/guides/&lt;language&gt;/&lt;id&gt;.json</c>. <see cref="Id"/>, <see cref="Intent"/>,
/// <see cref="Roles"/>, <see cref="Area"/> and the step ids are the same in every language.
/// </summary>
public sealed record Guide(
    string Id,
    string Language,
    string Intent,
    IReadOnlyList<GuideRole> Roles,
    string Area,
    string Title,
    GuideContent Content,
    IReadOnlyDictionary<GuideRole, GuideContent> Variants,
    IReadOnlyDictionary<GuideRole, GuideNotSolved> NotSolved)
{
    /// <summary>Whether people in <paramref name="role"/> may be shown this guide at all.</summary>
    public bool IsFor(GuideRole role) => Roles.Contains(role);

    /// <summary>
    /// What <paramref name="role"/> reads: its variant where the guide has one (the same facts told to
    /// that role), otherwise the guide's own content.
    /// </summary>
    public GuideContent For(GuideRole role) => Variants.TryGetValue(role, out var variant) ? variant : Content;

    /// <summary>What "not solved" leads to for <paramref name="role"/>, when the guide says (else the dialog's default).</summary>
    public GuideNotSolved? NotSolvedFor(GuideRole role) => NotSolved.GetValueOrDefault(role);
}

/// <summary>
/// The request a guide leads to when its reader answers "not solved" (<c>notSolved.&lt;role&gt;</c> in the file):
/// <see cref="Request"/> is a request form name, or <see cref="EscalationPrecheck"/> for the escalation pre-check;
/// <see cref="Category"/> pre-selects the Partner Center request's category.
/// </summary>
public sealed record GuideNotSolved(string Request, string? Category)
{
    public const string EscalationPrecheck = "escalationPrecheck";
}

/// <summary>The part of a guide a person reads: a one-line summary, ordered steps, notes and outcome hints.</summary>
public sealed record GuideContent(
    string Summary,
    IReadOnlyList<GuideStep> Steps,
    IReadOnlyList<string> Notes,
    GuideOutcome? Outcome)
{
    /// <summary>The step with <paramref name="stepId"/>, or null.</summary>
    public GuideStep? FindStep(string stepId) => Steps.FirstOrDefault(step => step.Id == stepId);
}

/// <summary>One step; <see cref="Id"/> is stable across languages so dialogs and requests can refer to it.</summary>
public sealed record GuideStep(string Id, string Title, string Text, GuideLink? Link);

/// <summary>A link a step points to (always https).</summary>
public sealed record GuideLink(string Title, Uri Url);

/// <summary>
/// What the dialog should do after the steps. <see cref="CustomerCannotChange"/> marks a guide whose fix the
/// reader cannot make themselves (only their partner can): the dialog states <see cref="Statement"/> and
/// asks <see cref="Offer"/> (e.g. whether to send the partner a request) instead of "Did this solve it?".
/// </summary>
public sealed record GuideOutcome(bool CustomerCannotChange, string? Statement, string? Offer);
