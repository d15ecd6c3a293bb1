using Microsoft.Extensions.Options;
using SupportBot.Requests.Forms;

namespace SupportBot.Insights;

/// <summary>How soon an agent must first act on a request, and resolve it.</summary>
public sealed class SeverityTarget
{
    public TimeSpan FirstAction { get; set; }
    public TimeSpan Resolution { get; set; }
}

/// <summary>
/// Service targets per severity (<see cref="RequestForms.Severities"/>), bound from <c>Insights:Targets</c> (section <c>Insights</c>), e.g.
/// <c>Insights:Targets:critical:FirstAction = 00:30:00</c>. Checked at start: every severity needs both targets,
/// positive, resolution no sooner than first action.
/// </summary>
public sealed class ServiceTargets
{
    public const string Section = "Insights";

    public Dictionary<string, SeverityTarget> Targets { get; set; } = new(StringComparer.Ordinal);

    public SeverityTarget For(string severity) => Targets[severity];

    public static IEnumerable<string> Problems(ServiceTargets targets)
    {
        foreach (var severity in RequestForms.Severities)
        {
            if (!targets.Targets.TryGetValue(severity, out var target))
            {
                yield return $"{Section}:Targets:{severity} is missing (FirstAction and Resolution, e.g. 04:00:00 and 3.00:00:00).";
                continue;
            }
            if (target.FirstAction <= TimeSpan.Zero) yield return $"{Section}:Targets:{severity}:FirstAction must be a positive time span.";
            if (target.Resolution <= TimeSpan.Zero) yield return $"{Section}:Targets:{severity}:Resolution must be a positive time span.";
            else if (target.Resolution < target.FirstAction) yield return $"{Section}:Targets:{severity}:Resolution must not be sooner than FirstAction.";
        }
        foreach (var unknown in targets.Targets.Keys.Except(RequestForms.Severities))
            yield return $"{Section}:Targets:{unknown} is not a severity ({string.Join(", ", RequestForms.Severities)}).";
    }
}

public sealed class ServiceTargetsValidation : IValidateOptions<ServiceTargets>
{
    public ValidateOptionsResult Validate(string? name, ServiceTargets options) =>
        ServiceTargets.Problems(options).ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
