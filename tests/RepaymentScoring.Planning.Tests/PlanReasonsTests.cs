using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Planning.Tests;

/// <summary>A plan's reasons: the five largest contributions by size, and the one name of the method everywhere.</summary>
public sealed class PlanReasonsTests
{
    [Fact]
    public void The_five_largest_contributions_by_size_are_the_reasons_ties_in_column_order_and_zeros_never()
    {
        string[] names = ["a", "b", "c", "d", "e", "f", "g", "h"];
        float[] contributions = [0.1f, -0.9f, 0f, 0.3f, -0.3f, 0.05f, 0.7f, 0.3f];

        var reasons = PlanReasons.Top(contributions, names);

        Assert.Equal(["b:-0.900", "g:+0.700", "d:+0.300", "e:-0.300", "h:+0.300"], reasons);
        Assert.Equal(["b:-0.900"], PlanReasons.Top([0f, -0.9f, 0f], ["a", "b", "c"]));
    }

    [Theory]
    [InlineData("none", ReasonsMethod.None)]
    [InlineData("Approximate", ReasonsMethod.Approximate)]
    [InlineData("EXACT", ReasonsMethod.Exact)]
    public void A_method_is_named_the_same_in_any_case(string text, ReasonsMethod expected)
    {
        Assert.True(PlanReasons.TryParse(text, out var method));
        Assert.Equal(expected, method);
        Assert.Equal(text.ToLowerInvariant(), PlanReasons.Text(method));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("shap")]
    public void Any_other_text_names_no_method(string? text) => Assert.False(PlanReasons.TryParse(text, out _));

    [Fact]
    public void Each_method_reads_its_own_contributions_of_the_row()
    {
        var registry = new ModelRegistry(Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "models"), "default");
        var models = registry.Load(registry.Current()!);
        var names = models.Schema.StateNames;
        var row = new float[names.Count];
        for (var i = 0; i < row.Length; i++) row[i] = i % 7;

        Assert.Empty(PlanReasons.Of(ReasonsMethod.None, models.Propensity, row, names));
        Assert.Equal(PlanReasons.Top(models.Propensity.Contributions(row), names), PlanReasons.Of(ReasonsMethod.Exact, models.Propensity, row, names));
        Assert.Equal(PlanReasons.Top(models.Propensity.ApproximateContributions(row), names), PlanReasons.Of(ReasonsMethod.Approximate, models.Propensity, row, names));
    }
}
