using System.Text.RegularExpressions;

namespace SupportBot.Requests.Privacy;

/// <summary>
/// Hides personal data in text that is kept for people other than its writer (e.g. what the bot did not understand):
/// e-mail addresses, phone numbers and long digit runs (card, account or ID numbers) become placeholders.
/// </summary>
public static partial class PersonalDataMask
{
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        text = Email().Replace(text, "[email]");
        text = LongDigits().Replace(text, "[number]");
        return Phone().Replace(text, "[phone]");
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Email();

    // +86 138 0013 8000, (010) 6554-1234, 090-1234-5678: a plus or a digit, then 8+ digits with separators between.
    [GeneratedRegex(@"(?<![\p{N}\w-])(?:\+|00)?\(?\d{2,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?![\p{N}\w])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Phone();

    // Not the digits of a request number (SR-20240512-0031): those name no one.
    [GeneratedRegex(@"(?<!SR-)(?<!\d)\d{7,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex LongDigits();
}
