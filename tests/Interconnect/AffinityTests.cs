using Emulator.Interconnect;

namespace Emulator.Tests.Interconnect;

public class AffinityTests
{
    [Test]
    public void MpidrLayoutPlacesAff3At39To32AndSetsBit31()
    {
        var a = new Affinity(0x12, 0x34, 0x56, 0x78);
        Assert.That(a.ToMpidr(), Is.EqualTo(0x12_8034_5678UL));
        Assert.That(Affinity.FromMpidr(0x12_8034_5678UL), Is.EqualTo(a));
    }

    [Test]
    public void FromMpidrIgnoresUMtAndRes1Bits()
    {
        // U (bit 30), MT (bit 24), RES1 (bit 31), and bits 63:40 are not affinity.
        Assert.That(Affinity.FromMpidr(0xFFFF_FF01_C102_0304UL), Is.EqualTo(new Affinity(1, 2, 3, 4)));
    }

    [Test]
    public void GicrTyperPacksAff3ToAff0InBits63To32()
    {
        var a = new Affinity(1, 2, 3, 4);
        Assert.That(a.Packed, Is.EqualTo(0x01020304u));
        Assert.That(a.ToGicrTyperBits(), Is.EqualTo(0x01020304_00000000UL));
        Assert.That(Affinity.FromGicrTyper(0x01020304_00000F13UL), Is.EqualTo(a));
    }

    [Test]
    public void IrouterLayoutMatchesSpecAndIgnoresRoutingModeBit()
    {
        var a = new Affinity(0xAA, 0xBB, 0xCC, 0xDD);
        Assert.That(a.ToIrouterBits(), Is.EqualTo(0xAA_00BB_CCDDUL));
        // Interrupt_Routing_Mode is bit 31.
        Assert.That(Affinity.FromIrouter(0xAA_80BB_CCDDUL), Is.EqualTo(a));
        Assert.That(a.MatchesMpidr(0xAA_80BB_CCDDUL), Is.True);
        Assert.That(a.MatchesMpidr(0xAB_80BB_CCDDUL), Is.False);
    }

    [TestCase("0x100000001", 1, 0, 0, 1)]
    [TestCase("0X80000003", 0, 0, 0, 3)]
    [TestCase("1.0.0.1", 1, 0, 0, 1)]
    [TestCase(" 255.254.253.252 ", 255, 254, 253, 252)]
    [TestCase("258", 0, 0, 1, 2)]
    [TestCase("0x0", 0, 0, 0, 0)]
    public void ParseAcceptsNumbersAndDottedForm(string text, int a3, int a2, int a1, int a0) =>
        Assert.That(Affinity.Parse(text), Is.EqualTo(new Affinity((byte)a3, (byte)a2, (byte)a1, (byte)a0)));

    [TestCase("")]
    [TestCase("0x")]
    [TestCase("zz")]
    [TestCase("1.2.3")]
    [TestCase("1.2.3.256")]
    [TestCase("1..2.3")]
    [TestCase("-1")]
    [TestCase("0x1000000")]      // MT bit 24
    [TestCase("0x40000000")]     // U bit 30
    [TestCase("0x10000000000")]  // bit 40
    public void ParseRefusesMalformedValues(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Affinity.Parse(text));
        Assert.That(ex!.Message, Does.Not.Contain("\n"));
        Assert.That(Affinity.TryParse(text, out _), Is.False);
    }

    [Test]
    public void FormatIsDottedDecimal()
    {
        Assert.That(new Affinity(1, 0, 0, 1).Format(), Is.EqualTo("1.0.0.1"));
        Assert.That(Affinity.Parse(new Affinity(9, 8, 200, 15).Format()), Is.EqualTo(new Affinity(9, 8, 200, 15)));
    }

    [Test]
    public void OrderIsAff3First()
    {
        var list = new[] { new Affinity(0, 0, 1, 0), new Affinity(1, 0, 0, 0), new Affinity(0, 0, 0, 15), new Affinity(0, 1, 0, 0) };
        Assert.That(list.Order().ToArray(), Is.EqualTo(new[]
        {
            new Affinity(0, 0, 0, 15), new Affinity(0, 0, 1, 0), new Affinity(0, 1, 0, 0), new Affinity(1, 0, 0, 0),
        }));
        Assert.That(new Affinity(1, 0, 0, 0) > new Affinity(0, 255, 255, 255), Is.True);
        Assert.That(new Affinity(0, 0, 0, 1) <= new Affinity(0, 0, 0, 1), Is.True);
    }

    [Test]
    public void TargetListMatchesClusterAndAff0Bit()
    {
        var pe = new Affinity(1, 2, 3, 5);
        Assert.That(pe.MatchesTargetList(1, 2, 3, 1 << 5), Is.True);
        Assert.That(pe.MatchesTargetList(1, 2, 3, 1 << 4), Is.False);
        Assert.That(pe.MatchesTargetList(0, 2, 3, 0xFFFF), Is.False, "Aff3 differs");
        var high = new Affinity(0, 0, 0, 21);
        Assert.That(high.MatchesTargetList(0, 0, 0, 1 << 5, rangeSelector: 1), Is.True);
        Assert.That(high.MatchesTargetList(0, 0, 0, 1 << 5, rangeSelector: 0), Is.False);
        Assert.That(pe.SameCluster(new Affinity(1, 2, 3, 0)), Is.True);
        Assert.That(pe.SameCluster(new Affinity(0, 2, 3, 5)), Is.False);
    }

    [Test]
    public void LinearFillsAff0ThenAff1()
    {
        Affinity[] cpus = Affinity.Linear(18);
        Assert.That(cpus[0], Is.EqualTo(new Affinity(0, 0, 0, 0)));
        Assert.That(cpus[15], Is.EqualTo(new Affinity(0, 0, 0, 15)));
        Assert.That(cpus[16], Is.EqualTo(new Affinity(0, 0, 1, 0)));
        Assert.That(cpus[17].ToMpidr(), Is.EqualTo(0x8000_0101UL));
        Assert.Throws<ArgumentException>(() => Affinity.Linear(0));
    }

    [Test]
    public void SpecIsProductWithAff0Fastest()
    {
        Affinity[] cpus = Affinity.FromSpec("aff3=2,aff2=1,aff1=1,aff0=2");
        Assert.That(cpus, Is.EqualTo(new[]
        {
            new Affinity(0, 0, 0, 0), new Affinity(0, 0, 0, 1), new Affinity(1, 0, 0, 0), new Affinity(1, 0, 0, 1),
        }));
        Assert.That(Affinity.FromSpec("aff1=2, aff0=3").Length, Is.EqualTo(6));
        Assert.That(Affinity.FromSpec("aff1=2,aff0=3")[3], Is.EqualTo(new Affinity(0, 0, 1, 0)));
    }

    [TestCase("")]
    [TestCase("aff4=2")]
    [TestCase("aff0")]
    [TestCase("aff0=0")]
    [TestCase("aff0=17")]
    [TestCase("aff1=x")]
    [TestCase("aff0=2,aff0=2")]
    [TestCase("aff3=256,aff2=256")]
    public void SpecRefusesMalformedInput(string spec)
    {
        var ex = Assert.Throws<FormatException>(() => Affinity.FromSpec(spec));
        Assert.That(ex!.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void MpidrListKeepsOrder()
    {
        Affinity[] cpus = Affinity.FromMpidrList("0x0,0x1,0x100000000,0x100000001");
        Assert.That(cpus, Is.EqualTo(new[]
        {
            new Affinity(0, 0, 0, 0), new Affinity(0, 0, 0, 1), new Affinity(1, 0, 0, 0), new Affinity(1, 0, 0, 1),
        }));
        Assert.That(Affinity.AnyAff3(cpus), Is.True);
        Assert.That(Affinity.AnyAff3(Affinity.Linear(4)), Is.False);
    }

    [Test]
    public void MpidrListRefusesDuplicatesNamingBothCpus()
    {
        // 0x80000001 and 0x1 differ only in the RES1 bit: the same PE.
        var ex = Assert.Throws<ArgumentException>(() => Affinity.FromMpidrList("0x0,0x1,0x80000001"));
        Assert.That(ex!.Message, Does.Contain("duplicate").And.Contain("CPU 2").And.Contain("CPU 1"));
    }

    [Test]
    public void MpidrListRefusesMalformedItem()
    {
        var ex = Assert.Throws<FormatException>(() => Affinity.FromMpidrList("0x0,,0x1"));
        Assert.That(ex!.Message, Does.Not.Contain("\n"));
        Assert.Throws<FormatException>(() => Affinity.FromMpidrList("0x0,0xg"));
    }
}
