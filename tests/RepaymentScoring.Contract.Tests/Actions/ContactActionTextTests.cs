using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Contract.Tests.Actions;

/// <summary>An action's text, and the order of actions by their text, which plans use to break ties without making the texts.</summary>
public sealed class ContactActionTextTests
{
    [Fact]
    public void An_action_reads_channel_cadence_and_hour_and_waiting_reads_none()
    {
        Assert.Equal("phone/7d@09", new ContactAction("phone", 7, 9).ToString());
        Assert.Equal("sms/14d@20", new ContactAction("sms", 14, 20).ToString());
        Assert.Equal("none", ContactAction.Wait.ToString());
        Assert.Equal("/0d@00", default(ContactAction).ToString());
    }

    [Fact]
    public void Actions_compare_as_their_texts_compare_ordinally()
    {
        // Channel names that prefix one another, cadences whose digits order differently from their values.
        string[] channels = ["sms", "sms2", "email", "phone", "Phone", "visit"];
        var actions = (from channel in channels
                       from cadence in ContactAction.Cadences
                       from hour in new[] { 0, 8, 9, 10, 20, 23 }
                       select new ContactAction(channel, cadence, hour)).Append(ContactAction.Wait).ToList();
        foreach (var a in actions)
            foreach (var b in actions)
                Assert.True(Math.Sign(ContactAction.CompareText(a, b)) == Math.Sign(string.CompareOrdinal(a.ToString(), b.ToString())), $"{a} against {b}");
    }
}
