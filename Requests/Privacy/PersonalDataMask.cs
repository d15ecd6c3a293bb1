using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Requests.Privacy;

/// <summary>
/// Masks what nobody handling a support request needs to read, before free text is stored or shown to an agent:
/// Chinese resident ID-card numbers (GB 11643-1999: 17 digits and a check character), bank card numbers (13–19
/// digits passing the Luhn check, ISO/IEC 7812), and what looks like a password or a secret (a value after
/// "password:", "密码是", "パスワードは"…, bearer tokens, JWTs and API keys of well-known formats). The last four
/// characters of a number stay, so a person can still tell which card or ID was meant. Phone numbers and e-mail
/// addresses stay as they are: agents need them to call back. Masking an already masked text changes nothing.
/// </summary>
public static partial class PersonalDataMask
{
    /// <summary>What stands in for a hidden password or secret (its length is not revealed).</summary>
    public const string Hidden = "******";

    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var masked = IdCardNumber().Replace(text, m => IsIdCardNumber(m.Value) ? KeepLastFour(m.Value) : m.Value);
        masked = CardNumber().Replace(masked, MaskCardNumber);
        masked = KnownSecret().Replace(masked, Hidden);
        masked = BearerToken().Replace(masked, m => m.Groups["scheme"].Value + Hidden);
        return LabelledSecret().Replace(masked, MaskLabelledSecret);
    }

    /// <summary>
    /// For text kept for people who never deal with its writer (content writers reading what the bot did not
    /// understand): <see cref="Mask"/>, and e-mail addresses, phone numbers and any other long digit run as well.
    /// </summary>
    public static string MaskContactDetails(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var masked = Email().Replace(Mask(text), "[email]");
        masked = LongDigits().Replace(masked, "[number]");
        return Phone().Replace(masked, "[phone]");
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Email();

    // +86 138 0013 8000, (010) 6554-1234, 090-1234-5678: a plus or a digit, then 8+ digits with separators between.
    [GeneratedRegex(@"(?<![\p{N}\w-])(?:\+|00)?\(?\d{2,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?![\p{N}\w])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Phone();

    // Not the digits of a request number (SR-20240512-0031): those name no one. Masked digits (*) are already hidden.
    [GeneratedRegex(@"(?<!SR-)(?<![\d*])\d{7,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex LongDigits();

    // GB 11643-1999: weights 2^(17-i) mod 11 and the check characters for sum mod 11 = 0…10.
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    private static bool IsIdCardNumber(string number)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (number[i] - '0') * IdWeights[i];
        return char.ToUpperInvariant(number[17]) == IdCheckCharacters[sum % 11];
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1 && (digit *= 2) > 9) digit -= 9;
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static string KeepLastFour(string value) => new string('*', value.Length - 4) + value[^4..];

    /// <summary>
    /// A run of digit groups is a card number if it, or the run without its trailing groups (a card number followed by
    /// another number), has 13–19 digits and passes the Luhn check; separators are dropped from the masked form.
    /// </summary>
    private static string MaskCardNumber(Match match)
    {
        var value = match.Value;
        for (var end = value.Length; end > 0; end = value.LastIndexOfAny([' ', '-'], end - 1))
        {
            var digits = string.Concat(value[..end].Where(char.IsAsciiDigit));
            if (digits.Length < 13) break;
            if (digits.Length <= 19 && PassesLuhn(digits)) return KeepLastFour(digits) + value[end..];
        }
        return value;
    }

    private static string MaskLabelledSecret(Match match)
    {
        var value = match.Groups["value"].Value;
        // Only a value with something a password has (a letter or digit that is not CJK); "密码是错的" says nothing secret.
        if (!value.Any(char.IsAsciiLetterOrDigit)) return match.Value;
        // After "is" or a bare space the word must look like a password, not prose ("password is incorrect").
        if (!match.Groups["explicit"].Success && !LooksLikeAPassword(value)) return match.Value;
        return match.Value[..(match.Groups["value"].Index - match.Index)] + Hidden;
    }

    private static bool LooksLikeAPassword(string value) =>
        value == Hidden || value.Any(char.IsAsciiDigit) || value.Any(c => !char.IsLetter(c)) || value.Skip(1).Any(char.IsAsciiLetterUpper);

    // 18 characters, not part of a longer run of letters or digits: a region (6), a birth date, a sequence and a check character.
    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdCardNumber();

    // Digits in groups split by single spaces or hyphens, not glued to other digits, '+' (a phone's country code) or '-'.
    [GeneratedRegex(@"(?<![\d+\-])\d(?:[ \-]?\d){12,22}(?![\d\-])")]
    private static partial Regex CardNumber();

    // Formats that are secrets wherever they appear: JWTs, OpenAI, GitHub, AWS access key ids, Slack and Google API keys.
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}|\bsk-[A-Za-z0-9_\-]{16,}|\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abposr]-[A-Za-z0-9\-]{10,}|\bAIza[0-9A-Za-z_\-]{35}")]
    private static partial Regex KnownSecret();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic)\s+)(?!\*)[A-Za-z0-9._~+/\-]{16,}=*", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    /// <summary>
    /// A label (en, zh-Hans, ja), then an explicit separator (":", "=", "：") or a copula ("is", "是", "は") or a space,
    /// then the value up to white space or CJK punctuation.
    /// </summary>
    [GeneratedRegex(@"(?:(?i:\b(?:password|passwd|pwd|passcode|passphrase|client[ _\-]?secret|secret|api[ _\-]?key|apikey|access[ _\-]?key|account[ _\-]?key|shared[ _\-]?access[ _\-]?key|access[ _\-]?token|auth[ _\-]?token|token)\b)|密码|密碼|口令|パスワード|暗証番号|シークレット|トークン)(?:(?<explicit>\s*[:=：]\s*)|\s*(?:(?i:\b(?:is|was)\b)|是|为|為|は|が)\s*|[ \t]+)(?<value>[^\s，。、；！？」』）]+)")]
    private static partial Regex LabelledSecret();
}
