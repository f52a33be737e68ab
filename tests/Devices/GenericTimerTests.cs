using Emulator.Cpu;
using Emulator.Devices.GenericTimer;
using Emulator.Tests.Cpu;

namespace Emulator.Tests.Devices;

/// <summary>
/// The generic timer against Arm DDI 0487 chapter D11 and the CNT* register descriptions,
/// driven by a fake system counter (<see cref="now"/>) and recording interrupt lines.
/// </summary>
public class GenericTimerTests
{
    const TimerKind P = TimerKind.Physical, V = TimerKind.Virtual;
    const ulong ENABLE = 1, IMASK = 2, ISTATUS = 4;

    ulong now;
    FakeInterruptLine physical = null!;
    FakeInterruptLine @virtual = null!;
    GenericTimer timer = null!;

    [SetUp]
    public void SetUp()
    {
        now = 1000;
        physical = new FakeInterruptLine();
        @virtual = new FakeInterruptLine();
        timer = new GenericTimer(() => now, physical, @virtual);
    }

    GenericTimer WithOffset(ulong cntvoff) => timer = new GenericTimer(() => now, physical = new(), @virtual = new(), cntvoff);

    FakeInterruptLine Line(TimerKind t) => t == P ? physical : @virtual;

    // ---- Reset --------------------------------------------------------------------------

    [Test]
    public void OutOfResetBothTimersAreOffAndTheirLinesAreDrivenLow()
    {
        foreach (TimerKind t in new[] { P, V })
        {
            Assert.That(timer.ReadCtl(t), Is.Zero, $"{t} CTL: ENABLE = IMASK = 0, ISTATUS = 0 while disabled");
            Assert.That(timer.ReadCval(t), Is.Zero, $"{t} CVAL");
            Assert.That(Line(t).History, Is.EqualTo(new[] { false }), $"{t} line driven once, low");
        }
        Assert.That(timer.NextEventCounter, Is.Null);
        Assert.That(timer.Cntvoff, Is.Zero);
        Assert.That(timer.State.Physical.Ctl | timer.State.Virtual.Ctl, Is.Zero);
    }

    [Test]
    public void CountsFollowTheSystemCounter()
    {
        WithOffset(300);
        Assert.That(timer.PhysicalCount, Is.EqualTo(1000UL));
        Assert.That(timer.VirtualCount, Is.EqualTo(700UL), "CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF");
        now = 5000;
        Assert.That(timer.PhysicalCount, Is.EqualTo(5000UL));
        Assert.That(timer.VirtualCount, Is.EqualTo(4700UL));
        WithOffset(5001);
        Assert.That(timer.VirtualCount, Is.EqualTo(ulong.MaxValue), "the subtraction wraps modulo 2^64");
    }

    // ---- CTL ----------------------------------------------------------------------------

    [Test]
    public void CtlKeepsEnableAndImaskAndIgnoresWritesToIstatusAndRes0Bits()
    {
        timer.WriteCval(P, ulong.MaxValue); // condition not met
        timer.WriteCtl(P, ulong.MaxValue);
        Assert.That(timer.ReadCtl(P), Is.EqualTo(ENABLE | IMASK), "ISTATUS is read-only, bits 63:3 RES0");
        timer.WriteCtl(P, ISTATUS);
        Assert.That(timer.ReadCtl(P), Is.Zero);
        Assert.That(timer.State.Physical.Ctl, Is.Zero);
    }

    /// <summary>
    /// ISTATUS = ENABLE and condition met (IMASK plays no part; 0 while disabled, where the
    /// spec leaves it UNKNOWN); the output = ENABLE and not IMASK and condition met.
    /// </summary>
    [Test]
    public void IstatusAndTheOutputFollowEnableImaskAndTheCondition(
        [Values] TimerKind t, [Values] bool enable, [Values] bool imask, [Values] bool met)
    {
        timer.WriteCval(t, met ? 1000UL : 1001UL);
        timer.WriteCtl(t, (enable ? ENABLE : 0) | (imask ? IMASK : 0));
        bool istatus = enable && met;
        Assert.That(timer.ReadCtl(t), Is.EqualTo((enable ? ENABLE : 0) | (imask ? IMASK : 0) | (istatus ? ISTATUS : 0)));
        Assert.That(Line(t).Level, Is.EqualTo(enable && !imask && met), "line level");
        Assert.That(timer.OutputLevel(t), Is.EqualTo(enable && !imask && met));
        Assert.That(Line(t == P ? V : P).Level, Is.False, "the other timer's line");
    }

    // ---- TVAL and CVAL ------------------------------------------------------------------

    [TestCase(500UL, 1500UL, TestName = "TVAL +500 -> CVAL = count + 500")]
    [TestCase(0UL, 1000UL, TestName = "TVAL 0 -> CVAL = count")]
    [TestCase(0xFFFF_FFFFUL, 999UL, TestName = "TVAL 0xFFFFFFFF is -1")]
    [TestCase(0x8000_0000UL, unchecked(1000UL - 0x8000_0000UL), TestName = "TVAL 0x80000000 is -2^31 (CVAL wraps below 0)")]
    [TestCase(0x7FFF_FFFFUL, 1000UL + 0x7FFF_FFFFUL, TestName = "TVAL 0x7FFFFFFF is +2^31-1")]
    [TestCase(0xABCD_0000_0000_0005UL, 1005UL, TestName = "TVAL bits 63:32 are ignored")]
    [TestCase(0xFFFF_FFFF_FFFF_FFF6UL, 990UL, TestName = "TVAL -10 sign-extended in X")]
    public void TvalWriteSetsCvalToCountPlusSignedTimerValue(ulong written, ulong cval)
    {
        foreach (TimerKind t in new[] { P, V })
        {
            timer.WriteTval(t, written);
            Assert.That(timer.ReadCval(t), Is.EqualTo(cval), t.ToString());
        }
    }

    [Test]
    public void TvalReadsCvalMinusCountAsA32BitValueWithBits63To32Res0()
    {
        timer.WriteCval(P, 1500);
        Assert.That(timer.ReadTval(P), Is.EqualTo(500UL));
        now = 1500;
        Assert.That(timer.ReadTval(P), Is.Zero);
        now = 1600;
        Assert.That(timer.ReadTval(P), Is.EqualTo(0xFFFF_FF9CUL), "-100: negative once expired, zero-extended (RES0)");
        Assert.That(timer.TimerValue(P), Is.EqualTo(-100));
        timer.WriteCval(P, 1600 + (1UL << 32) + 7);
        Assert.That(timer.ReadTval(P), Is.EqualTo(7UL), "(CVAL - count) truncated to bits 31:0");
        timer.WriteCval(P, 1600 + 0x8000_0000UL);
        Assert.That(timer.TimerValue(P), Is.EqualTo(int.MinValue), "2^31 ahead reads as -2^31");
    }

    [Test]
    public void TvalCountsDownEvenWhileTheTimerIsDisabled()
    {
        timer.WriteTval(V, 100);
        Assert.That(timer.ReadCtl(V) & ENABLE, Is.Zero);
        now += 30;
        Assert.That(timer.ReadTval(V), Is.EqualTo(70UL));
        now += 100;
        Assert.That(timer.TimerValue(V), Is.EqualTo(-30));
        Assert.That(@virtual.History, Is.EqualTo(new[] { false }), "a disabled timer never asserts");
    }

    [Test]
    public void TvalAndCvalRoundTripBothWays([Values] TimerKind t, [Values(0, 1, -1, 12345, -12345, int.MaxValue, int.MinValue)] int tval)
    {
        timer.WriteTval(t, unchecked((ulong)(long)tval));
        Assert.That(timer.TimerValue(t), Is.EqualTo(tval));
        Assert.That(timer.ReadTval(t), Is.EqualTo((ulong)(uint)tval));
        ulong cval = timer.ReadCval(t);
        timer.WriteCval(t, 0);
        timer.WriteCval(t, cval);
        Assert.That(timer.ReadTval(t), Is.EqualTo((ulong)(uint)tval));
    }

    [Test]
    public void NegativeTvalIsAlreadyExpired([Values] TimerKind t)
    {
        timer.WriteCtl(t, ENABLE);
        Assert.That(timer.ReadCtl(t), Is.EqualTo(ENABLE | ISTATUS), "CVAL = 0 out of reset: met at once");
        timer.WriteTval(t, 10);
        Assert.That(Line(t).Level, Is.False);
        timer.WriteTval(t, unchecked((ulong)-5L));
        Assert.That(timer.ReadCval(t), Is.EqualTo(995UL));
        Assert.That(Line(t).Level, Is.True, "raised by the write itself, no Update needed");
        Assert.That(timer.ReadCtl(t), Is.EqualTo(ENABLE | ISTATUS));
    }

    [Test]
    public void TheConditionIsAnUnsigned64BitCompareSoAWrappedCvalIsMetAtOnce()
    {
        now = ulong.MaxValue - 10;
        timer.WriteCtl(P, ENABLE);
        timer.WriteTval(P, 100);
        Assert.That(timer.ReadCval(P), Is.EqualTo(89UL), "count + TVAL wraps modulo 2^64");
        Assert.That(timer.ReadTval(P), Is.EqualTo(100UL), "TVAL still reads what was written");
        Assert.That(timer.ReadCtl(P) & ISTATUS, Is.EqualTo(ISTATUS), "count >= CVAL as unsigned numbers");
        Assert.That(physical.Level, Is.True);

        timer.WriteCval(P, ulong.MaxValue);
        Assert.That(physical.Level, Is.False, "only the largest count meets CVAL = 2^64-1");
        now = ulong.MaxValue;
        timer.Update();
        Assert.That(physical.Level, Is.True);
    }

    // ---- The output as a level ----------------------------------------------------------

    [Test]
    public void TheLineRisesExactlyAtCvalAndStaysHighAcrossUpdates([Values] TimerKind t)
    {
        timer.WriteCval(t, 2000);
        timer.WriteCtl(t, ENABLE);
        now = 1999;
        timer.Update();
        Assert.That(Line(t).Level, Is.False, "one count before CVAL");
        now = 2000;
        timer.Update();
        Assert.That(Line(t).Level, Is.True, "at CVAL");
        foreach (ulong later in new ulong[] { 2001, 2500, 1_000_000, ulong.MaxValue })
        {
            now = later;
            timer.Update();
            timer.Update();
        }
        Assert.That(Line(t).History, Is.EqualTo(new[] { false, true }), "one rise, never dropped, no repeated edges");
    }

    [Test]
    public void AnExpiryPassedBetweenUpdatesIsNotLost([Values] TimerKind t)
    {
        timer.WriteTval(t, 50);
        timer.WriteCtl(t, ENABLE);
        now += 1_000_000; // a long quantum, far past CVAL, with no update in between
        Assert.That(Line(t).Level, Is.False, "nothing drives the line until someone looks");
        timer.Update();
        Assert.That(Line(t).Level, Is.True);
    }

    [Test]
    public void ARegisterReadAlsoBringsTheLineUpToDate()
    {
        timer.WriteTval(P, 50);
        timer.WriteCtl(P, ENABLE);
        now += 50;
        Assert.That(timer.ReadCtl(P), Is.EqualTo(ENABLE | ISTATUS));
        Assert.That(physical.Level, Is.True, "the read raised it, as an MRS polling loop would see");
    }

    [Test]
    public void TheLineStaysHighUntilTheGuestMasksDisablesOrReprograms([Values] TimerKind t)
    {
        timer.WriteCval(t, 1000);
        timer.WriteCtl(t, ENABLE);
        Assert.That(Line(t).Level, Is.True);

        timer.WriteCtl(t, ENABLE | IMASK);
        Assert.That(Line(t).Level, Is.False, "masked");
        Assert.That(timer.ReadCtl(t), Is.EqualTo(ENABLE | IMASK | ISTATUS), "the condition still shows");
        now += 10;
        timer.Update();
        Assert.That(Line(t).Level, Is.False, "masked, whatever time does");

        timer.WriteCtl(t, ENABLE);
        Assert.That(Line(t).Level, Is.True, "unmasked: the condition still holds");

        timer.WriteCtl(t, 0);
        Assert.That(Line(t).Level, Is.False, "disabled");
        Assert.That(timer.ReadCtl(t), Is.Zero);

        timer.WriteCtl(t, ENABLE);
        Assert.That(Line(t).Level, Is.True, "re-enabled while the condition holds");

        timer.WriteTval(t, 100);
        Assert.That(Line(t).Level, Is.False, "reprogrammed into the future");
        now += 100;
        timer.Update();
        Assert.That(Line(t).Level, Is.True);
        Assert.That(Line(t).History, Is.EqualTo(new[] { false, true, false, true, false, true, false, true }));
    }

    [Test]
    public void TheTwoTimersDriveTheirOwnLines()
    {
        timer.WriteCval(P, 1100);
        timer.WriteCval(V, 1200);
        timer.WriteCtl(P, ENABLE);
        timer.WriteCtl(V, ENABLE);
        now = 1100;
        timer.Update();
        Assert.That((physical.Level, @virtual.Level), Is.EqualTo((true, false)));
        now = 1200;
        timer.Update();
        Assert.That((physical.Level, @virtual.Level), Is.EqualTo((true, true)));
        timer.WriteCtl(P, 0);
        Assert.That((physical.Level, @virtual.Level), Is.EqualTo((false, true)));
    }

    [Test]
    public void TraceReportsEachLevelChangeOnce()
    {
        var lines = new List<string>();
        timer = new GenericTimer(() => now, physical, @virtual) { Name = "cpu1 timer", Trace = lines.Add };
        timer.WriteCval(V, 0x4D2);
        timer.WriteCtl(V, ENABLE);
        now = 0x4D2;
        timer.Update();
        timer.Update();
        timer.WriteCtl(V, ENABLE | IMASK);
        Assert.That(lines, Is.EqualTo(new[]
        {
            "cpu1 timer: CNTV output asserted at CNTPCT 0x4D2",
            "cpu1 timer: CNTV output deasserted at CNTPCT 0x4D2",
        }));
    }

    // ---- Virtual offset -----------------------------------------------------------------

    [Test]
    public void TheVirtualTimerCountsTheOffsetCounter()
    {
        WithOffset(400); // CNTVCT = 600 now
        timer.WriteTval(V, 100);
        Assert.That(timer.ReadCval(V), Is.EqualTo(700UL), "CVAL = CNTVCT + TVAL");
        timer.WriteCval(P, 700);
        timer.WriteCtl(V, ENABLE);
        timer.WriteCtl(P, ENABLE);
        Assert.That(physical.Level, Is.True, "CNTPCT 1000 >= 700");
        Assert.That(@virtual.Level, Is.False, "CNTVCT 600 < 700");
        Assert.That(timer.NextRiseCounter(V), Is.EqualTo(1100UL), "CNTPCT at which CNTVCT reaches 700");
        now = 1099;
        timer.Update();
        Assert.That(@virtual.Level, Is.False);
        Assert.That(timer.ReadTval(V), Is.EqualTo(1UL));
        now = 1100;
        timer.Update();
        Assert.That(@virtual.Level, Is.True);
    }

    [Test]
    public void AVirtualCountThatWrapsToZeroDropsTheConditionUntilCvalAgain()
    {
        WithOffset(5000); // CNTVCT = 2^64 - 4000: above any small CVAL
        timer.WriteCval(V, 10);
        timer.WriteCtl(V, ENABLE);
        Assert.That(@virtual.Level, Is.True, "CNTVCT >= CVAL unsigned");
        Assert.That(timer.NextRiseCounter(V), Is.EqualTo(5010UL), "after the wrap at CNTPCT 5000, CNTVCT reaches 10 at 5010");
        now = 5000;
        timer.Update();
        Assert.That(@virtual.Level, Is.False, "CNTVCT wrapped to 0");
        Assert.That(timer.NextEventCounter, Is.EqualTo(5010UL));
        now = 5010;
        timer.Update();
        Assert.That(@virtual.Level, Is.True);
        Assert.That(@virtual.History, Is.EqualTo(new[] { false, true, false, true }));
    }

    // ---- NextEventCounter ---------------------------------------------------------------

    [Test]
    public void NextEventCounterIsWhenTheEarliestUnmaskedTimerFires()
    {
        WithOffset(250);
        Assert.That(timer.NextEventCounter, Is.Null, "both off");

        timer.WriteCval(P, 3000);
        Assert.That(timer.NextEventCounter, Is.Null, "programmed but not enabled");
        timer.WriteCtl(P, ENABLE);
        Assert.That(timer.NextEventCounter, Is.EqualTo(3000UL), "physical only");
        Assert.That(timer.NextRiseCounter(V), Is.Null);

        timer.WriteCval(V, 2000); // CNTVCT reaches 2000 at CNTPCT 2250
        timer.WriteCtl(V, ENABLE);
        Assert.That(timer.NextRiseCounter(V), Is.EqualTo(2250UL));
        Assert.That(timer.NextEventCounter, Is.EqualTo(2250UL), "both: the earlier");

        timer.WriteCtl(V, ENABLE | IMASK);
        Assert.That(timer.NextEventCounter, Is.EqualTo(3000UL), "a masked timer wakes no one");

        timer.WriteCtl(V, ENABLE);
        timer.WriteCval(P, 2100);
        Assert.That(timer.NextEventCounter, Is.EqualTo(2100UL));

        now = 2100; // the physical timer is due but nothing has updated it yet
        Assert.That(timer.NextEventCounter, Is.EqualTo(2250UL), "a due expiry is raised, not reported");
        Assert.That(physical.Level, Is.True);

        now = 2250;
        timer.Update();
        Assert.That(timer.NextEventCounter, Is.Null, "both high: nothing left to rise");
    }

    [Test]
    public void NextEventCounterIsNullForARiseBeyondTheCountersRange()
    {
        timer.WriteCval(P, 5); // already met: high, and the physical count never wraps
        timer.WriteCtl(P, ENABLE);
        Assert.That(timer.NextRiseCounter(P), Is.Null);

        WithOffset(ulong.MaxValue - 100); // CNTVCT = 1101
        timer.WriteCval(V, 1000); // met now, falls only when CNTVCT wraps: beyond CNTPCT's range
        timer.WriteCtl(V, ENABLE);
        Assert.That(@virtual.Level, Is.True);
        Assert.That(timer.NextRiseCounter(V), Is.Null);

        timer.WriteCval(V, 0); // met at every count: never falls, never rises again
        Assert.That(timer.NextRiseCounter(V), Is.Null);
    }

    // ---- Snapshots ----------------------------------------------------------------------

    [Test]
    public void ATimerRestoredFromItsStateContinuesAndRedrivesItsLines()
    {
        WithOffset(100);
        timer.WriteCval(P, 1500);
        timer.WriteCtl(P, ENABLE);
        timer.WriteTval(V, 20);
        timer.WriteCtl(V, ENABLE | IMASK);
        GenericTimerState saved = timer.State.Copy();

        now = 1600;
        var p2 = new FakeInterruptLine();
        var v2 = new FakeInterruptLine();
        var restored = GenericTimer.FromState(saved, () => now, p2, v2);
        Assert.That(p2.History, Is.EqualTo(new[] { true }), "expired while saved: asserted on restore");
        Assert.That(v2.History, Is.EqualTo(new[] { false }), "masked");
        Assert.That(restored.Cntvoff, Is.EqualTo(100UL));
        Assert.That(restored.ReadCval(P), Is.EqualTo(1500UL));
        Assert.That(restored.ReadCval(V), Is.EqualTo(920UL));
        Assert.That(restored.ReadCtl(V), Is.EqualTo(ENABLE | IMASK | ISTATUS));
        Assert.That(restored.VirtualCount, Is.EqualTo(1500UL));

        Assert.That(timer.State.Physical, Is.Not.SameAs(saved.Physical), "Copy is deep");
        timer.WriteCval(P, 7);
        Assert.That(saved.Physical.Cval, Is.EqualTo(1500UL));
    }

    [Test]
    public void AStateNoTimerCouldHaveBeenInIsRefused()
    {
        var bad = GenericTimerState.Reset();
        bad.Virtual.Ctl = 0b100; // ISTATUS is never stored
        Assert.That(() => GenericTimer.FromState(bad, () => now, null, null),
            Throws.ArgumentException.With.Message.Contains("ENABLE and IMASK"));
        var missing = GenericTimerState.Reset();
        missing.Physical = null!;
        Assert.That(() => GenericTimer.FromState(missing, () => now, null, null), Throws.ArgumentException);
    }

    // ---- CNTKCTL_EL1 ----------------------------------------------------------------------

    [Test]
    public void CntkctlAccessControlsTruthTable([Range(0, 15)] int combination)
    {
        bool pcten = (combination & 1) != 0, vcten = (combination & 2) != 0, vten = (combination & 4) != 0, pten = (combination & 8) != 0;
        ulong cntkctl = (pcten ? 1UL << 0 : 0) | (vcten ? 1UL << 1 : 0) | (vten ? 1UL << 8 : 0) | (pten ? 1UL << 9 : 0);
        cntkctl |= 0xF4; // event stream fields: no bearing on access
        Assert.That(Cntkctl.El0MayReadPhysicalCount(cntkctl), Is.EqualTo(pcten), "CNTPCT_EL0: EL0PCTEN");
        Assert.That(Cntkctl.El0MayReadVirtualCount(cntkctl), Is.EqualTo(vcten), "CNTVCT_EL0: EL0VCTEN");
        Assert.That(Cntkctl.El0MayReadFrequency(cntkctl), Is.EqualTo(pcten || vcten), "CNTFRQ_EL0: either");
        Assert.That(Cntkctl.El0MayAccessPhysicalTimer(cntkctl), Is.EqualTo(pten), "CNTP_*: EL0PTEN");
        Assert.That(Cntkctl.El0MayAccessVirtualTimer(cntkctl), Is.EqualTo(vten), "CNTV_*: EL0VTEN");
    }

    [TestCase(0UL, 0UL, 1UL, TestName = "EVNTI 0, 0->1: every odd count")]
    [TestCase(0x30UL, 0UL, 8UL, TestName = "EVNTI 3, 0->1: bit 3 sets at 8")]
    [TestCase(0x30UL, 8UL, 24UL, TestName = "EVNTI 3, 0->1: then at 24")]
    [TestCase(0x30UL, 23UL, 24UL, TestName = "EVNTI 3, 0->1: the count just before")]
    [TestCase(0x38UL, 0UL, 16UL, TestName = "EVNTI 3, 1->0: bit 3 clears at 16")]
    [TestCase(0x38UL, 16UL, 32UL, TestName = "EVNTI 3, 1->0: then at 32")]
    [TestCase(0xF0UL, 0x1_2345UL, 0x1_8000UL, TestName = "EVNTI 15, 0->1")]
    [TestCase(0xF8UL, ulong.MaxValue - 5, 0UL, TestName = "EVNTI 15, 1->0 across the wrap")]
    public void EventStreamTriggersOnTheSelectedTransition(ulong fields, ulong count, ulong next)
    {
        ulong cntkctl = fields | 1UL << 2; // EVNTEN
        Assert.That(Cntkctl.NextEventStreamTrigger(cntkctl, count), Is.EqualTo(next));
        Assert.That(Cntkctl.NextEventStreamTrigger(fields, count), Is.Null, "EVNTEN = 0");
        Assert.That(Cntkctl.EventStreamTriggered(cntkctl, count, unchecked(next - 1)), Is.False, "not yet");
        Assert.That(Cntkctl.EventStreamTriggered(cntkctl, count, next), Is.True, "at the transition");
        Assert.That(Cntkctl.EventStreamTriggered(cntkctl, count, count), Is.False, "no time passed");
        Assert.That(Cntkctl.EventStreamTriggered(fields, count, unchecked(next + 100)), Is.False, "EVNTEN = 0");
    }

    [Test]
    public void TheEventStreamFollowsTheVirtualCount()
    {
        WithOffset(3); // CNTVCT = 997
        const ulong cntkctl = 1UL << 2 | 4UL << 4; // EVNTEN, EVNTI 4, 0->1: bit 4 sets at 1008
        Assert.That(timer.NextEventStreamCounter(cntkctl), Is.EqualTo(1011UL));
        Assert.That(timer.EventStreamTriggered(cntkctl, 1000, 1010), Is.False);
        Assert.That(timer.EventStreamTriggered(cntkctl, 1010, 1011), Is.True);
        Assert.That(timer.NextEventStreamCounter(0), Is.Null);
    }

    // ---- The register table, bound the way the board will bind it ---------------------------

    [TestCase("CNTPCT_EL0", 0xD53BE020u, TestName = "mrs x0, cntpct_el0")]
    [TestCase("CNTVCT_EL0", 0xD53BE040u, TestName = "mrs x0, cntvct_el0")]
    [TestCase("CNTP_TVAL_EL0", 0xD53BE200u, TestName = "mrs x0, cntp_tval_el0")]
    [TestCase("CNTP_CTL_EL0", 0xD53BE220u, TestName = "mrs x0, cntp_ctl_el0")]
    [TestCase("CNTP_CVAL_EL0", 0xD53BE240u, TestName = "mrs x0, cntp_cval_el0")]
    [TestCase("CNTV_TVAL_EL0", 0xD53BE300u, TestName = "mrs x0, cntv_tval_el0")]
    [TestCase("CNTV_CTL_EL0", 0xD53BE320u, TestName = "mrs x0, cntv_ctl_el0")]
    [TestCase("CNTV_CVAL_EL0", 0xD53BE340u, TestName = "mrs x0, cntv_cval_el0")]
    public void TableEncodingsAreTheAssemblersAndTheCpusLayout(string name, uint mrs)
    {
        TimerRegister row = GenericTimer.Registers.Single(r => r.Name == name);
        Assert.That(row.Encoding, Is.EqualTo((ushort)(mrs >> 5)), "MRS bits 20:5");
        Assert.That(row.Encoding, Is.EqualTo(SystemRegister.Encode(3, 3, 14, (int)(mrs >> 8) & 15, (int)(mrs >> 5) & 7)), "the CPU's encoding layout");
        Assert.That(GenericTimer.Registers.Count(r => r.Encoding == row.Encoding), Is.EqualTo(1));
    }

    [Test]
    public void TableRowsReachTheirTimerAndRegister()
    {
        WithOffset(10);
        foreach (TimerKind t in new[] { P, V })
        {
            string prefix = t == P ? "CNTP" : "CNTV";
            TimerRegister Row(string reg) => GenericTimer.Registers.Single(r => r.Name == $"{prefix}_{reg}_EL0");
            Row("CVAL").Write!(timer, 0x1234_5678_9ABC);
            Assert.That(timer.ReadCval(t), Is.EqualTo(0x1234_5678_9ABCUL), $"{t} CVAL");
            Row("TVAL").Write!(timer, 40);
            Assert.That(Row("TVAL").Read!(timer), Is.EqualTo(40UL), $"{t} TVAL");
            Assert.That(Row("CVAL").Read!(timer), Is.EqualTo(timer.ReadCval(t)));
            Row("CTL").Write!(timer, ENABLE | IMASK);
            Assert.That(Row("CTL").Read!(timer), Is.EqualTo(ENABLE | IMASK), $"{t} CTL");
            Assert.That(timer.ReadCtl(t == P ? V : P) & IMASK, t == P ? Is.Zero : Is.EqualTo(IMASK), "the other timer untouched");
        }
        TimerRegister pct = GenericTimer.Registers.Single(r => r.Name == "CNTPCT_EL0");
        TimerRegister vct = GenericTimer.Registers.Single(r => r.Name == "CNTVCT_EL0");
        Assert.That((pct.Read!(timer), vct.Read!(timer)), Is.EqualTo((1000UL, 990UL)));
        Assert.That((pct.Write, vct.Write), Is.EqualTo(((Action<GenericTimer, ulong>?)null, (Action<GenericTimer, ulong>?)null)), "read-only");
    }

    /// <summary>What the board will do for each PE: one system-register row per table row, EL0 access by CNTKCTL_EL1.</summary>
    TestMachine BoundMachine(bool el0, params uint[] code)
    {
        var m = el0 ? TestMachine.AtEl0(code) : new TestMachine(code);
        Emulator.Machine.Board.SystemRegisterWiring.Bind(m.Cpu.SystemRegisters, timer);
        return m;
    }

    [Test]
    public void BoundRowsWorkThroughMrsAndMsrAtEl1()
    {
        var m = BoundMachine(false,
            0xD51BE201u,  // msr cntp_tval_el0, x1
            0xD53BE242u,  // mrs x2, cntp_cval_el0
            0xD51BE223u,  // msr cntp_ctl_el0, x3
            0xD53BE044u,  // mrs x4, cntvct_el0
            0xD53BE225u); // mrs x5, cntp_ctl_el0
        m[1] = unchecked((ulong)-1L);
        m[3] = ENABLE;
        m.Run(5);
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 20), "no exception");
        Assert.That(m[2], Is.EqualTo(999UL));
        Assert.That(m[4], Is.EqualTo(1000UL));
        Assert.That(m[5], Is.EqualTo(ENABLE | ISTATUS));
        Assert.That(physical.Level, Is.True, "MSR CNTP_CTL_EL0 raised the expired timer's line");
    }

    [Test]
    public void MsrToACounterIsUndefined()
    {
        var m = BoundMachine(false, 0xD51BE020u); // msr cntpct_el0, x0 (a read-only register)
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
    }

    [TestCase(0xD53BE020u, 1UL << 0, TestName = "EL0 mrs x0, cntpct_el0 needs EL0PCTEN")]
    [TestCase(0xD53BE040u, 1UL << 1, TestName = "EL0 mrs x0, cntvct_el0 needs EL0VCTEN")]
    [TestCase(0xD53BE220u, 1UL << 9, TestName = "EL0 mrs x0, cntp_ctl_el0 needs EL0PTEN")]
    [TestCase(0xD51BE240u, 1UL << 9, TestName = "EL0 msr cntp_cval_el0, x0 needs EL0PTEN")]
    [TestCase(0xD53BE300u, 1UL << 8, TestName = "EL0 mrs x0, cntv_tval_el0 needs EL0VTEN")]
    [TestCase(0xD51BE320u, 1UL << 8, TestName = "EL0 msr cntv_ctl_el0, x0 needs EL0VTEN")]
    public void El0AccessTrapsUnlessCntkctlGrantsIt(uint insn, ulong grant)
    {
        var trapped = BoundMachine(true, insn);
        trapped.State.CntkctlEl1 = Cntkctl.Writable & ~grant;
        trapped.Run();
        Assert.That(trapped.State.PC, Is.EqualTo(TestMachine.VectorBase + 0x400), "synchronous, lower EL");
        Assert.That(trapped.Ec, Is.EqualTo(ExceptionClass.SystemRegisterTrap), "EC 0x18, not UNDEFINED");

        var allowed = BoundMachine(true, insn);
        allowed.State.CntkctlEl1 = grant;
        allowed.Run();
        Assert.That(allowed.State.PC, Is.EqualTo(TestMachine.CodeBase + 4), "executed");
    }
}
