using Emulator.Cpu;

namespace Emulator.Tests.Cpu;

/// <summary>The shared helpers of Interpreter/Alu.cs against the Arm ARM's definitions.</summary>
public class AluTests
{
    /// <summary>ConditionHolds as the Arm ARM's shared pseudocode writes it, one case per cond[3:1].</summary>
    static bool Reference(uint cond, bool n, bool z, bool c, bool v)
    {
        bool result = (cond >> 1) switch
        {
            0b000 => z,
            0b001 => c,
            0b010 => n,
            0b011 => v,
            0b100 => c && !z,
            0b101 => n == v,
            0b110 => n == v && !z,
            _ => true,
        };
        return (cond & 1) == 1 && cond != 0b1111 ? !result : result;
    }

    [Test]
    public void ConditionHoldsMatchesThePseudocodeForEveryConditionAndFlags()
    {
        for (uint cond = 0; cond < 16; cond++)
            for (uint flags = 0; flags < 16; flags++)
            {
                bool expected = Reference(cond, (flags & 8) != 0, (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0);
                Assert.That(Alu.ConditionHolds(cond, flags << 28), Is.EqualTo(expected), $"cond {cond:X}, NZCV {flags:X}");
            }
    }

    [TestCase(0UL, 0UL, 0UL, 0b0100u)]                                   // 0 + 0: Z
    [TestCase(ulong.MaxValue, 1UL, 0UL, 0b0110u)]                        // -1 + 1: Z and C
    [TestCase(0x7FFF_FFFF_FFFF_FFFFUL, 1UL, 0UL, 0b1001u)]               // signed overflow: N and V
    [TestCase(5UL, ~3UL, 1UL, 0b0010u)]                                  // 5 - 3: C (no borrow)
    public void AddWithCarry64Flags(ulong x, ulong y, ulong carry, uint nzcv)
    {
        Alu.AddWithCarry64(x, y, carry, out uint flags);
        Assert.That(flags >> 28, Is.EqualTo(nzcv));
    }

    [TestCase(0u, 0u, 0u, 0b0100u)]                                      // Z
    [TestCase(uint.MaxValue, 1u, 0u, 0b0110u)]                           // Z and C
    [TestCase(0x7FFF_FFFFu, 1u, 0u, 0b1001u)]                            // N and V
    public void AddWithCarry32Flags(uint x, uint y, uint carry, uint nzcv)
    {
        Alu.AddWithCarry32(x, y, carry, out uint flags);
        Assert.That(flags >> 28, Is.EqualTo(nzcv));
    }

    [TestCase(0UL, 0b0100u)]
    [TestCase(0x8000_0000_0000_0000UL, 0b1000u)]
    [TestCase(1UL, 0b0000u)]
    public void LogicFlags64(ulong result, uint nzcv) => Assert.That(Alu.LogicFlags64(result) >> 28, Is.EqualTo(nzcv));
}
