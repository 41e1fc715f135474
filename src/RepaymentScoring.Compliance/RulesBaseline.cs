using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Compliance;

/// <summary>
/// DOMAIN.md's rules baseline, the strategy a lender runs before it has a model: stage-based channel,
/// weekly cadence, fortnightly and gentler in hardship. The planner follows it for a version without a
/// response model; the simulator's champion and the closed loop's rules policy are it too.
/// </summary>
public static class RulesBaseline
{
    /// <summary>
    /// The baseline's actions in order of preference for an account's state: the first one the profile
    /// allows is taken. Early: SMS weekly, else e-mail, else letters; middle: phone weekly at 19:00;
    /// late: field visits monthly for large amounts, else phone; pre-legal: letters; hardship: e-mail,
    /// SMS or letter every 14 days. Preferred hours are honoured; letters go out mid-morning.
    /// </summary>
    public static IReadOnlyList<ContactAction> Preferences(AccountSnapshot s, HourRange? preferred)
    {
        var hour = preferred?.From ?? 0;
        ContactAction A(string channel, int cadence, int defaultHour) => new(channel, cadence, hour > 0 && channel != "letter" ? hour : defaultHour);
        return s.Hardship ? [A("email", 14, 10), A("sms", 14, 10), A("letter", 14, 10)]
            : s.LegalStatus == LegalStatuses.PreLegal ? [A("letter", 14, 10), A("phone", 7, 19)]
            : s.DaysPastDue < 30 ? [A("sms", 7, 10), A("email", 7, 10), A("letter", 14, 10)]
            : s.DaysPastDue <= 90 ? [A("phone", 7, 19), A("sms", 7, 10), A("letter", 14, 10)]
            : s.AmountDue > 2000 ? [A("visit", 30, 11), A("phone", 7, 19), A("letter", 14, 10)]
            : [A("phone", 7, 19), A("letter", 14, 10), A("sms", 7, 10)];
    }
}
