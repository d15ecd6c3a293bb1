namespace SupportBot.Cards;

/// <summary>A question with one button per answer (choice and confirm prompts): Adaptive Card buttons work in Teams,
/// Web Chat and the Agents Playground alike, where hero-card buttons and suggested actions do not.</summary>
public static class ChoiceCard
{
    public static AdaptiveCard Build(string language, string question, IEnumerable<CardButton> answers) =>
        CardParts.Card(language, [CardParts.Paragraph(question), .. CardParts.ButtonRows(answers)], fallbackText: question);
}
