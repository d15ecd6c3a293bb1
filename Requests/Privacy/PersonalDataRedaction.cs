using SupportBot.Bot.DirectLine;

namespace SupportBot.Requests.Privacy;

/// <summary>The web chat transcript is stored too: what a visitor types is masked like a request (<see cref="PersonalDataMask"/>).</summary>
public sealed class PersonalDataRedaction : ITranscriptRedaction
{
    public string Redact(string text) => PersonalDataMask.Mask(text);
}
