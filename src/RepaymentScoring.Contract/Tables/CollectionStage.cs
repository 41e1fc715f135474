namespace RepaymentScoring.Contract.Tables;

/// <summary>
/// The collection stage of an account by days past due (DOMAIN.md): early below 30, late above the
/// late threshold (Compliance:LateDpd, 90 by default), middle between.
/// </summary>
public static class CollectionStage
{
    public const string Early = "early";
    public const string Middle = "middle";
    public const string Late = "late";
    public const int EarlyBelow = 30;
    public const int DefaultLateAbove = 90;

    public static IReadOnlyList<string> All { get; } = [Early, Middle, Late];

    public static string Of(int daysPastDue, int lateAbove = DefaultLateAbove) =>
        daysPastDue < EarlyBelow ? Early : daysPastDue <= lateAbove ? Middle : Late;
}
