namespace SupportBot.Requests;

public sealed class RequestOptions
{
    public const string Section = "Requests";

    /// <summary>The time zone whose date goes into readable ids (SR-yyyyMMdd-NNNN); 21Vianet serves China.</summary>
    public string IdTimeZone { get; set; } = "Asia/Shanghai";

    public TimeZoneInfo ResolveIdTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(IdTimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
        }
    }
}
