using Emulator.Cpu;
using Emulator.Cpu.Decoder;

namespace Emulator.Tests.Cpu;

/// <summary>
/// Loads and stores of the general-purpose registers. Most tests run one instruction with
/// the base in X1 (and the index in X2), the transfer register X0 (X3 the pair's second),
/// and check the access address, the value and extension, and the base writeback.
/// </summary>
public class LoadsAndStoresTests
{
    /// <summary>The base address most tests use: mid data area, so negative offsets stay in RAM.</summary>
    const ulong Base = TestMachine.DataBase + 0x1000;
    /// <summary>The top bit of every byte, halfword and word of it is set, to show sign extension.</summary>
    const ulong Pattern = 0xF1E2_D3C4_B5A6_9788;
    const ulong Pattern2 = 0x8877_6655_4433_2211;
    const ulong Garbage = 0xDEAD_BEEF_DEAD_BEEF;
    const ulong StoreValue = 0x1122_3344_5566_7788;
    const ulong StoreValue2 = 0x99AA_BBCC_DDEE_FF00;
    const ulong Fill = 0xAAAA_AAAA_AAAA_AAAA;
    const ulong Nop = 0xD503201F; // nop

    static ulong Address(long offset) => Base + (ulong)offset;

    static uint Dfsc(TestMachine m) => (uint)m.State.EsrEl1 & 0x3F;
    static bool WnR(TestMachine m) => (m.State.EsrEl1 & (1UL << 6)) != 0;

    // ---- Single register loads: every row, value, extension, address, writeback ---------

    // Unsigned offset
    [TestCase(0x39401420u, 5L, 0L, 0x88UL)]                          // ldrb w0, [x1, #5]
    [TestCase(0x39801420u, 5L, 0L, 0xFFFF_FFFF_FFFF_FF88UL)]         // ldrsb x0, [x1, #5]
    [TestCase(0x39C01420u, 5L, 0L, 0xFFFF_FF88UL)]                   // ldrsb w0, [x1, #5]
    [TestCase(0x79400C20u, 6L, 0L, 0x9788UL)]                        // ldrh w0, [x1, #6]
    [TestCase(0x79800C20u, 6L, 0L, 0xFFFF_FFFF_FFFF_9788UL)]         // ldrsh x0, [x1, #6]
    [TestCase(0x79C00C20u, 6L, 0L, 0xFFFF_9788UL)]                   // ldrsh w0, [x1, #6]
    [TestCase(0xB9400C20u, 12L, 0L, 0xB5A6_9788UL)]                  // ldr w0, [x1, #12]
    [TestCase(0xB9800C20u, 12L, 0L, 0xFFFF_FFFF_B5A6_9788UL)]        // ldrsw x0, [x1, #12]
    [TestCase(0xF97FFC20u, 32760L, 0L, Pattern)]                     // ldr x0, [x1, #32760]
    // Pre-index
    [TestCase(0x385FDC20u, -3L, -3L, 0x88UL)]                        // ldrb w0, [x1, #-3]!
    [TestCase(0x389FDC20u, -3L, -3L, 0xFFFF_FFFF_FFFF_FF88UL)]       // ldrsb x0, [x1, #-3]!
    [TestCase(0x38DFDC20u, -3L, -3L, 0xFFFF_FF88UL)]                 // ldrsb w0, [x1, #-3]!
    [TestCase(0x78500C20u, -256L, -256L, 0x9788UL)]                  // ldrh w0, [x1, #-256]!
    [TestCase(0x78900C20u, -256L, -256L, 0xFFFF_FFFF_FFFF_9788UL)]   // ldrsh x0, [x1, #-256]!
    [TestCase(0x78D00C20u, -256L, -256L, 0xFFFF_9788UL)]             // ldrsh w0, [x1, #-256]!
    [TestCase(0xB84FCC20u, 252L, 252L, 0xB5A6_9788UL)]               // ldr w0, [x1, #252]!
    [TestCase(0xB88FCC20u, 252L, 252L, 0xFFFF_FFFF_B5A6_9788UL)]     // ldrsw x0, [x1, #252]!
    [TestCase(0xF85F0C20u, -16L, -16L, Pattern)]                     // ldr x0, [x1, #-16]!
    // Post-index: the access is at the base
    [TestCase(0x38407420u, 0L, 7L, 0x88UL)]                          // ldrb w0, [x1], #7
    [TestCase(0x38807420u, 0L, 7L, 0xFFFF_FFFF_FFFF_FF88UL)]         // ldrsb x0, [x1], #7
    [TestCase(0x38C07420u, 0L, 7L, 0xFFFF_FF88UL)]                   // ldrsb w0, [x1], #7
    [TestCase(0x785FE420u, 0L, -2L, 0x9788UL)]                       // ldrh w0, [x1], #-2
    [TestCase(0x789FE420u, 0L, -2L, 0xFFFF_FFFF_FFFF_9788UL)]        // ldrsh x0, [x1], #-2
    [TestCase(0x78DFE420u, 0L, -2L, 0xFFFF_9788UL)]                  // ldrsh w0, [x1], #-2
    [TestCase(0xB8404420u, 0L, 4L, 0xB5A6_9788UL)]                   // ldr w0, [x1], #4
    [TestCase(0xB8804420u, 0L, 4L, 0xFFFF_FFFF_B5A6_9788UL)]         // ldrsw x0, [x1], #4
    [TestCase(0xF84FF420u, 0L, 255L, Pattern)]                       // ldr x0, [x1], #255
    // Unscaled
    [TestCase(0x385FF020u, -1L, 0L, 0x88UL)]                         // ldurb w0, [x1, #-1]
    [TestCase(0x389FF020u, -1L, 0L, 0xFFFF_FFFF_FFFF_FF88UL)]        // ldursb x0, [x1, #-1]
    [TestCase(0x38DFF020u, -1L, 0L, 0xFFFF_FF88UL)]                  // ldursb w0, [x1, #-1]
    [TestCase(0x78402020u, 2L, 0L, 0x9788UL)]                        // ldurh w0, [x1, #2]
    [TestCase(0x78802020u, 2L, 0L, 0xFFFF_FFFF_FFFF_9788UL)]         // ldursh x0, [x1, #2]
    [TestCase(0x78C02020u, 2L, 0L, 0xFFFF_9788UL)]                   // ldursh w0, [x1, #2]
    [TestCase(0xB85FC020u, -4L, 0L, 0xB5A6_9788UL)]                  // ldur w0, [x1, #-4]
    [TestCase(0xB89FC020u, -4L, 0L, 0xFFFF_FFFF_B5A6_9788UL)]        // ldursw x0, [x1, #-4]
    [TestCase(0xF85F8020u, -8L, 0L, Pattern)]                        // ldur x0, [x1, #-8]
    // Unprivileged
    [TestCase(0x38409820u, 9L, 0L, 0x88UL)]                          // ldtrb w0, [x1, #9]
    [TestCase(0x38809820u, 9L, 0L, 0xFFFF_FFFF_FFFF_FF88UL)]         // ldtrsb x0, [x1, #9]
    [TestCase(0x38C09820u, 9L, 0L, 0xFFFF_FF88UL)]                   // ldtrsb w0, [x1, #9]
    [TestCase(0x785F6820u, -10L, 0L, 0x9788UL)]                      // ldtrh w0, [x1, #-10]
    [TestCase(0x789F6820u, -10L, 0L, 0xFFFF_FFFF_FFFF_9788UL)]       // ldtrsh x0, [x1, #-10]
    [TestCase(0x78DF6820u, -10L, 0L, 0xFFFF_9788UL)]                 // ldtrsh w0, [x1, #-10]
    [TestCase(0xB8414820u, 20L, 0L, 0xB5A6_9788UL)]                  // ldtr w0, [x1, #20]
    [TestCase(0xB8814820u, 20L, 0L, 0xFFFF_FFFF_B5A6_9788UL)]        // ldtrsw x0, [x1, #20]
    [TestCase(0xF85E8820u, -24L, 0L, Pattern)]                       // ldtr x0, [x1, #-24]
    public void LoadImmediate(uint opcode, long offset, long baseDelta, ulong expected)
    {
        var m = new TestMachine(opcode);
        m.Write(Address(offset), 8, Pattern);
        m[0] = Garbage;
        m[1] = Base;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(m[1], Is.EqualTo(Address(baseDelta)));
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4));
    }

    [TestCase(0x39801420u, 5L, 0x7FUL)]             // ldrsb x0, [x1, #5]
    [TestCase(0x39C01420u, 5L, 0x7FUL)]             // ldrsb w0, [x1, #5]
    [TestCase(0x79800C20u, 6L, 0x7FFFUL)]           // ldrsh x0, [x1, #6]
    [TestCase(0x79C00C20u, 6L, 0x7FFFUL)]           // ldrsh w0, [x1, #6]
    [TestCase(0xB9800C20u, 12L, 0x7FFF_FFFFUL)]     // ldrsw x0, [x1, #12]
    public void SignedLoadOfAPositiveValueZeroFillsTheTop(uint opcode, long offset, ulong value)
    {
        var m = new TestMachine(opcode);
        m.Write(Address(offset), 8, value);
        m[0] = Garbage;
        m[1] = Base;
        m.Run();
        Assert.That(m[0], Is.EqualTo(value));
    }

    // ---- Single register stores ------------------------------------------------------

    [TestCase(0x39001420u, 5L, 0L, 1)]           // strb w0, [x1, #5]
    [TestCase(0x79000C20u, 6L, 0L, 2)]           // strh w0, [x1, #6]
    [TestCase(0xB9000C20u, 12L, 0L, 4)]          // str w0, [x1, #12]
    [TestCase(0xF93FFC20u, 32760L, 0L, 8)]       // str x0, [x1, #32760]
    [TestCase(0x381FDC20u, -3L, -3L, 1)]         // strb w0, [x1, #-3]!
    [TestCase(0x78100C20u, -256L, -256L, 2)]     // strh w0, [x1, #-256]!
    [TestCase(0xB8104C20u, -252L, -252L, 4)]     // str w0, [x1, #-252]!
    [TestCase(0xF81F0C20u, -16L, -16L, 8)]       // str x0, [x1, #-16]!
    [TestCase(0x38007420u, 0L, 7L, 1)]           // strb w0, [x1], #7
    [TestCase(0x781FE420u, 0L, -2L, 2)]          // strh w0, [x1], #-2
    [TestCase(0xB8004420u, 0L, 4L, 4)]           // str w0, [x1], #4
    [TestCase(0xF8100420u, 0L, -256L, 8)]        // str x0, [x1], #-256
    [TestCase(0x381FF020u, -1L, 0L, 1)]          // sturb w0, [x1, #-1]
    [TestCase(0x781FA020u, -6L, 0L, 2)]          // sturh w0, [x1, #-6]
    [TestCase(0xB81FC020u, -4L, 0L, 4)]          // stur w0, [x1, #-4]
    [TestCase(0xF8100020u, -256L, 0L, 8)]        // stur x0, [x1, #-256]
    [TestCase(0x38009820u, 9L, 0L, 1)]           // sttrb w0, [x1, #9]
    [TestCase(0x781F6820u, -10L, 0L, 2)]         // sttrh w0, [x1, #-10]
    [TestCase(0xB8014820u, 20L, 0L, 4)]          // sttr w0, [x1, #20]
    [TestCase(0xF81E8820u, -24L, 0L, 8)]         // sttr x0, [x1, #-24]
    public void StoreImmediate(uint opcode, long offset, long baseDelta, int size)
    {
        var m = new TestMachine(opcode);
        FillAround(m, Address(offset));
        m[0] = StoreValue;
        m[1] = Base;
        m.Run();
        AssertStored(m, Address(offset), size, StoreValue);
        Assert.That(m[0], Is.EqualTo(StoreValue));
        Assert.That(m[1], Is.EqualTo(Address(baseDelta)));
    }

    static void FillAround(TestMachine m, ulong address)
    {
        for (ulong a = address - 16; a < address + 32; a += 8) m.Write(a, 8, Fill);
    }

    /// <summary>The low <paramref name="size"/> bytes of the value are at the address, and the bytes either side are untouched.</summary>
    static void AssertStored(TestMachine m, ulong address, int size, ulong value)
    {
        ulong mask = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        Assert.That(m.Read(address, size), Is.EqualTo(value & mask), $"{size} bytes at 0x{address:X}");
        Assert.That(m.Read(address - 1, 1), Is.EqualTo(0xAAUL), "byte before");
        Assert.That(m.Read(address + (ulong)size, 1), Is.EqualTo(0xAAUL), "byte after");
    }

    // ---- Register offset -------------------------------------------------------------

    [TestCase(0x38626820u, 3UL, 3L, 0x88UL)]                                       // ldrb w0, [x1, x2]
    [TestCase(0x38A26820u, 0xFFFF_FFFF_FFFF_FFFDUL, -3L, 0xFFFF_FFFF_FFFF_FF88UL)] // ldrsb x0, [x1, x2]
    [TestCase(0x38E26820u, 7UL, 7L, 0xFFFF_FF88UL)]                                // ldrsb w0, [x1, x2]
    [TestCase(0x78627820u, 5UL, 10L, 0x9788UL)]                                    // ldrh w0, [x1, x2, lsl #1]
    [TestCase(0x78A27820u, 0xFFFF_FFFF_FFFF_FFFBUL, -10L, 0xFFFF_FFFF_FFFF_9788UL)] // ldrsh x0, [x1, x2, lsl #1]
    [TestCase(0x78E27820u, 1UL, 2L, 0xFFFF_9788UL)]                                // ldrsh w0, [x1, x2, lsl #1]
    [TestCase(0xB8627820u, 3UL, 12L, 0xB5A6_9788UL)]                               // ldr w0, [x1, x2, lsl #2]
    [TestCase(0xB8A27820u, 0xFFFF_FFFF_FFFF_FFFFUL, -4L, 0xFFFF_FFFF_B5A6_9788UL)] // ldrsw x0, [x1, x2, lsl #2]
    [TestCase(0xF8627820u, 2UL, 16L, Pattern)]                                     // ldr x0, [x1, x2, lsl #3]
    // Each extend: UXTW and SXTW look only at W2; LSL (UXTX) and SXTX at all of X2.
    [TestCase(0xF8625820u, 0xFFFF_FFFF_0000_0002UL, 16L, Pattern)]                 // ldr x0, [x1, w2, uxtw #3]
    [TestCase(0xF8624820u, 0x1234_5678_0000_0008UL, 8L, Pattern)]                  // ldr x0, [x1, w2, uxtw]
    [TestCase(0xF862C820u, 0x1234_5678_FFFF_FFF8UL, -8L, Pattern)]                 // ldr x0, [x1, w2, sxtw]
    [TestCase(0xF8626820u, 24UL, 24L, Pattern)]                                    // ldr x0, [x1, x2]
    [TestCase(0xF862F820u, 0xFFFF_FFFF_FFFF_FFFEUL, -16L, Pattern)]                // ldr x0, [x1, x2, sxtx #3]
    [TestCase(0x3862C820u, 0xFFFF_FFFFUL, -1L, 0x88UL)]                            // ldrb w0, [x1, w2, sxtw]
    [TestCase(0x7862C820u, 0xFFFF_FFFEUL, -2L, 0x9788UL)]                          // ldrh w0, [x1, w2, sxtw]
    [TestCase(0xF87F6820u, 0x40UL, 0L, Pattern)]                                   // ldr x0, [x1, xzr]
    public void LoadRegisterOffset(uint opcode, ulong index, long offset, ulong expected)
    {
        var m = new TestMachine(opcode);
        m.Write(Address(offset), 8, Pattern);
        m[0] = Garbage;
        m[1] = Base;
        m[2] = index;
        m.Run();
        Assert.That(m[0], Is.EqualTo(expected));
        Assert.That(m[1], Is.EqualTo(Base));
        Assert.That(m[2], Is.EqualTo(index));
    }

    [TestCase(0x38226820u, 3UL, 3L, 1)]                          // strb w0, [x1, x2]
    [TestCase(0x78227820u, 0xFFFF_FFFF_FFFF_FFFEUL, -4L, 2)]     // strh w0, [x1, x2, lsl #1]
    [TestCase(0xB8227820u, 5UL, 20L, 4)]                         // str w0, [x1, x2, lsl #2]
    [TestCase(0xF8227820u, 0xFFFF_FFFF_FFFF_FFFDUL, -24L, 8)]    // str x0, [x1, x2, lsl #3]
    public void StoreRegisterOffset(uint opcode, ulong index, long offset, int size)
    {
        var m = new TestMachine(opcode);
        FillAround(m, Address(offset));
        m[0] = StoreValue;
        m[1] = Base;
        m[2] = index;
        m.Run();
        AssertStored(m, Address(offset), size, StoreValue);
    }

    [Test]
    public void UxtwIndexWithBit31SetIsPositiveAndTheAddressWrapsAt64Bits()
    {
        var m = new TestMachine(0xF8624820u); // ldr x0, [x1, w2, uxtw]
        m.Write(Base, 8, Pattern);
        m[1] = unchecked(Base - 0x8000_0000UL); // wraps below zero
        m[2] = 0xFFFF_FFFF_8000_0000UL;
        m.Run();
        Assert.That(m[0], Is.EqualTo(Pattern));
    }

    [Test]
    public void ImmediateOffsetAddressWrapsAt64Bits()
    {
        var m = new TestMachine(0xF8626820u); // ldr x0, [x1, x2]
        m.Write(Base, 8, Pattern);
        m[1] = 0xFFFF_FFFF_0000_0000UL;
        m[2] = Base + 0x1_0000_0000UL;
        m.Run();
        Assert.That(m[0], Is.EqualTo(Pattern));
    }

    // ---- Literal -----------------------------------------------------------------------

    [Test]
    public void LoadLiteralForward()
    {
        var m = new TestMachine(0x58000040u, (uint)Nop); // ldr x0, .+8 ; nop
        m.Write(TestMachine.CodeBase + 8, 8, Pattern);
        m.Run();
        Assert.That(m[0], Is.EqualTo(Pattern));
    }

    [Test]
    public void LoadLiteralAtNegativeOffsetZeroExtendsWord()
    {
        var m = new TestMachine(0x18FFFFC0u); // ldr w0, .-8
        m.Write(TestMachine.CodeBase - 8, 8, Pattern);
        m[0] = Garbage;
        m.Run();
        Assert.That(m[0], Is.EqualTo(0xB5A6_9788UL));
    }

    [Test]
    public void LoadSignedWordLiteral()
    {
        var m = new TestMachine(0x98FFFFE0u); // ldrsw x0, .-4
        m.Write(TestMachine.CodeBase - 4, 4, 0x8000_0001);
        m.Run();
        Assert.That(m[0], Is.EqualTo(0xFFFF_FFFF_8000_0001UL));
    }

    // ---- Prefetch: a hint, no access -----------------------------------------------------

    [TestCase(0xF9800420u)] // prfm pldl1keep, [x1, #8]
    [TestCase(0xF8801020u)] // prfum pldl1keep, [x1, #1]
    [TestCase(0xF8A26820u)] // prfm pldl1keep, [x1, x2]
    [TestCase(0xD8800000u)] // prfm pldl1keep, .-0x100000   (below RAM)
    [TestCase(0xF980002Du)] // prfm plil3strm, [x1]
    public void PrefetchOfUnmappedMemoryDoesNothing(uint opcode)
    {
        var m = new TestMachine(opcode);
        m[1] = 0x1000; // nothing is mapped there
        m[2] = 3;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4));
        Assert.That(m[1], Is.EqualTo(0x1000UL));
        Assert.That(m.State.EsrEl1, Is.EqualTo(0UL));
    }

    [Test]
    public void PrefetchFromMisalignedSpIsNoSpAlignmentFault()
    {
        var m = new TestMachine(0xF98003E0u); // prfm pldl1keep, [sp]
        m.State.SctlrEl1 |= 1UL << 3;         // SCTLR_EL1.SA
        m.Sp = Base + 4;
        m.Run();
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4));
    }

    [Test]
    public void PrefetchRegisterWithReservedOptionIsUndefined()
    {
        var m = new TestMachine(0xF8A20820u); // prfm pldl1keep, [x1, x2] with option = 000 (UXTB), reserved
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
    }

    // ---- Pairs ------------------------------------------------------------------------------

    [TestCase(0x297F0C20u, -8L, 0L, 0xB5A6_9788UL, 0xF1E2_D3C4UL)]                               // ldp w0, w3, [x1, #-8]
    [TestCase(0x29C10C20u, 8L, 8L, 0xB5A6_9788UL, 0xF1E2_D3C4UL)]                                // ldp w0, w3, [x1, #8]!
    [TestCase(0x28FF8C20u, 0L, -4L, 0xB5A6_9788UL, 0xF1E2_D3C4UL)]                               // ldp w0, w3, [x1], #-4
    [TestCase(0x697F0C20u, -8L, 0L, 0xFFFF_FFFF_B5A6_9788UL, 0xFFFF_FFFF_F1E2_D3C4UL)]           // ldpsw x0, x3, [x1, #-8]
    [TestCase(0x69C10C20u, 8L, 8L, 0xFFFF_FFFF_B5A6_9788UL, 0xFFFF_FFFF_F1E2_D3C4UL)]            // ldpsw x0, x3, [x1, #8]!
    [TestCase(0x68FF8C20u, 0L, -4L, 0xFFFF_FFFF_B5A6_9788UL, 0xFFFF_FFFF_F1E2_D3C4UL)]           // ldpsw x0, x3, [x1], #-4
    [TestCase(0xA95F8C20u, 504L, 0L, Pattern, Pattern2)]                                         // ldp x0, x3, [x1, #504]
    [TestCase(0xA9E00C20u, -512L, -512L, Pattern, Pattern2)]                                     // ldp x0, x3, [x1, #-512]!
    [TestCase(0xA8FC0C20u, 0L, -64L, Pattern, Pattern2)]                                         // ldp x0, x3, [x1], #-64
    [TestCase(0x28408C20u, 4L, 0L, 0xB5A6_9788UL, 0xF1E2_D3C4UL)]                                // ldnp w0, w3, [x1, #4]
    [TestCase(0xA87F8C20u, -8L, 0L, Pattern, Pattern2)]                                          // ldnp x0, x3, [x1, #-8]
    public void LoadPair(uint opcode, long offset, long baseDelta, ulong first, ulong second)
    {
        var m = new TestMachine(opcode);
        m.Write(Address(offset), 8, Pattern);
        m.Write(Address(offset) + 8, 8, Pattern2);
        m[0] = m[3] = Garbage;
        m[1] = Base;
        m.Run();
        Assert.That(m[0], Is.EqualTo(first));
        Assert.That(m[3], Is.EqualTo(second));
        Assert.That(m[1], Is.EqualTo(Address(baseDelta)));
    }

    [TestCase(0x293F0C20u, -8L, 0L, 4)]      // stp w0, w3, [x1, #-8]
    [TestCase(0x29810C20u, 8L, 8L, 4)]       // stp w0, w3, [x1, #8]!
    [TestCase(0x28BF8C20u, 0L, -4L, 4)]      // stp w0, w3, [x1], #-4
    [TestCase(0xA91F8C20u, 504L, 0L, 8)]     // stp x0, x3, [x1, #504]
    [TestCase(0xA9BE0C20u, -32L, -32L, 8)]   // stp x0, x3, [x1, #-32]!
    [TestCase(0xA8810C20u, 0L, 16L, 8)]      // stp x0, x3, [x1], #16
    [TestCase(0x28008C20u, 4L, 0L, 4)]       // stnp w0, w3, [x1, #4]
    [TestCase(0xA83F8C20u, -8L, 0L, 8)]      // stnp x0, x3, [x1, #-8]
    public void StorePair(uint opcode, long offset, long baseDelta, int size)
    {
        var m = new TestMachine(opcode);
        ulong address = Address(offset);
        FillAround(m, address);
        m[0] = StoreValue;
        m[3] = StoreValue2;
        m[1] = Base;
        m.Run();
        ulong mask = size == 8 ? ulong.MaxValue : 0xFFFF_FFFF;
        Assert.That(m.Read(address, size), Is.EqualTo(StoreValue & mask));
        Assert.That(m.Read(address + (ulong)size, size), Is.EqualTo(StoreValue2 & mask));
        Assert.That(m.Read(address - 1, 1), Is.EqualTo(0xAAUL), "byte before");
        Assert.That(m.Read(address + 2 * (ulong)size, 1), Is.EqualTo(0xAAUL), "byte after");
        Assert.That(m[1], Is.EqualTo(Address(baseDelta)));
    }

    // ---- SP as the base ---------------------------------------------------------------------

    [Test]
    public void FramePushAndPopOnSp()
    {
        var m = new TestMachine(
            0xA9BF7BFDu,  // stp x29, x30, [sp, #-16]!
            0xA8C17BFDu); // ldp x29, x30, [sp], #16
        m.Sp = Base;
        m[29] = StoreValue;
        m[30] = StoreValue2;
        m.Run();
        Assert.That(m.Sp, Is.EqualTo(Base - 16));
        Assert.That(m.Read(Base - 16, 8), Is.EqualTo(StoreValue));
        Assert.That(m.Read(Base - 8, 8), Is.EqualTo(StoreValue2));
        m[29] = m[30] = 0;
        m.Run();
        Assert.That(m.Sp, Is.EqualTo(Base));
        Assert.That(m[29], Is.EqualTo(StoreValue));
        Assert.That(m[30], Is.EqualTo(StoreValue2));
    }

    [Test]
    public void LoadFromSpWithMisalignedSpWhenTheCheckIsOff()
    {
        var m = new TestMachine(0xF94007E0u); // ldr x0, [sp, #8]
        m.Sp = Base + 8;                      // SCTLR_EL1.SA is 0 at reset
        m.Write(Base + 16, 8, Pattern);
        m.Run();
        Assert.That(m[0], Is.EqualTo(Pattern));
    }

    [TestCase(0xF94007E0u)] // ldr x0, [sp, #8]
    [TestCase(0xF8408FE0u)] // ldr x0, [sp, #8]!
    [TestCase(0xA9BF7BFDu)] // stp x29, x30, [sp, #-16]!
    public void MisalignedSpWithTheCheckOnIsAnSpAlignmentFault(uint opcode)
    {
        var m = new TestMachine(opcode);
        m.State.SctlrEl1 |= 1UL << 3; // SCTLR_EL1.SA
        m.Sp = Base + 8;
        m.Write(Base + 16, 8, Pattern);
        m[0] = Garbage;
        m.Run();
        Assert.That(m.Took(ExceptionClass.SpAlignment), Is.True);
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase));
        Assert.That(m[0], Is.EqualTo(Garbage));
        Assert.That(m.State.SpEl1, Is.EqualTo(Base + 8), "SP before the exception, banked on entry");
        Assert.That(m.Read(Base - 8, 8), Is.EqualTo(0UL), "nothing stored");
    }

    // ---- The zero register as Rt -------------------------------------------------------------

    [Test]
    public void StoreOfXzrStoresZero()
    {
        var m = new TestMachine(0xF900003Fu); // str xzr, [x1]
        m.Write(Base, 8, Pattern);
        m[1] = Base;
        m.Run();
        Assert.That(m.Read(Base, 8), Is.EqualTo(0UL));
    }

    [Test]
    public void StoreOfWzrWithWriteback()
    {
        var m = new TestMachine(0xB8004C3Fu); // str wzr, [x1, #4]!
        m.Write(Base, 8, Pattern);
        m[1] = Base;
        m.Run();
        Assert.That(m.Read(Base, 8), Is.EqualTo(Pattern & 0xFFFF_FFFF));
        Assert.That(m[1], Is.EqualTo(Base + 4));
    }

    [Test]
    public void LoadToXzrIsDiscarded()
    {
        var m = new TestMachine(0xF940003Fu); // ldr xzr, [x1]
        m.Write(Base, 8, Pattern);
        m[1] = Base;
        m.Run();
        Assert.That(m[31], Is.EqualTo(0UL));
        Assert.That(m.Sp, Is.EqualTo(0UL));
        Assert.That(m.State.PC, Is.EqualTo(TestMachine.CodeBase + 4));
    }

    [Test]
    public void PairWithXzr()
    {
        var m = new TestMachine(
            0xA9400C3Fu,  // ldp xzr, x3, [x1]
            0xA9007C3Fu); // stp xzr, xzr, [x1]
        m.Write(Base, 8, Pattern);
        m.Write(Base + 8, 8, Pattern2);
        m[1] = Base;
        m.Run();
        Assert.That(m[31], Is.EqualTo(0UL));
        Assert.That(m[3], Is.EqualTo(Pattern2));
        m.Run();
        Assert.That(m.Read(Base, 8), Is.EqualTo(0UL));
        Assert.That(m.Read(Base + 8, 8), Is.EqualTo(0UL));
    }

    // ---- Aborts: the registers are unchanged ---------------------------------------------------

    [Test]
    public void LoadFromUnmappedMemoryIsADataAbortWithoutWriteback()
    {
        var m = new TestMachine(0xF8408C20u); // ldr x0, [x1, #8]!
        m[0] = Garbage;
        m[1] = 0x1000; // below RAM: nothing there
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(m.State.FarEl1, Is.EqualTo(0x1008UL));
        Assert.That(Dfsc(m), Is.EqualTo(0x10u));
        Assert.That(WnR(m), Is.False);
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase));
        Assert.That(m[0], Is.EqualTo(Garbage));
        Assert.That(m[1], Is.EqualTo(0x1000UL));
    }

    [Test]
    public void StoreToUnmappedMemoryIsADataAbortWithWnR()
    {
        var m = new TestMachine(0xF8100420u); // str x0, [x1], #-256
        m[0] = StoreValue;
        m[1] = 0x2000;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(m.State.FarEl1, Is.EqualTo(0x2000UL));
        Assert.That(Dfsc(m), Is.EqualTo(0x10u));
        Assert.That(WnR(m), Is.True);
        Assert.That(m[1], Is.EqualTo(0x2000UL));
    }

    [Test]
    public void PairWhoseSecondHalfIsUnmappedLeavesBothRegistersAndTheBase()
    {
        var m = new TestMachine(0xA8FC0C20u); // ldp x0, x3, [x1], #-64
        ulong last = TestMachine.RamBase + TestMachine.RamSize - 8;
        m.Write(last, 8, Pattern);
        m[0] = m[3] = Garbage;
        m[1] = last;
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(m.State.FarEl1, Is.EqualTo(last + 8));
        Assert.That(Dfsc(m), Is.EqualTo(0x10u));
        Assert.That(m[0], Is.EqualTo(Garbage));
        Assert.That(m[3], Is.EqualTo(Garbage));
        Assert.That(m[1], Is.EqualTo(last));
    }

    [TestCase(0xF9400020u, 4L, 4L, false)]   // ldr x0, [x1]
    [TestCase(0x78401020u, 0L, 1L, false)]   // ldurh w0, [x1, #1]
    [TestCase(0xF9000020u, 4L, 4L, true)]    // str x0, [x1]
    [TestCase(0x78001020u, 0L, 1L, true)]    // sturh w0, [x1, #1]
    [TestCase(0x29810C20u, 2L, 10L, true)]   // stp w0, w3, [x1, #8]!
    [TestCase(0x69C10C20u, 2L, 10L, false)]  // ldpsw x0, x3, [x1, #8]!
    public void UnalignedAccessWithTheMmuOffIsAnAlignmentFault(uint opcode, long baseOffset, long farOffset, bool write)
    {
        var m = new TestMachine(opcode);
        m[0] = Garbage;
        m[1] = Address(baseOffset);
        m.Run();
        Assert.That(m.Took(ExceptionClass.DataAbortSameEl), Is.True);
        Assert.That(Dfsc(m), Is.EqualTo(0x21u));
        Assert.That(WnR(m), Is.EqualTo(write));
        Assert.That(m.State.FarEl1, Is.EqualTo(Address(farOffset)));
        Assert.That(m[0], Is.EqualTo(Garbage));
        Assert.That(m[1], Is.EqualTo(Address(baseOffset)));
    }

    // ---- Unallocated encodings -------------------------------------------------------------------

    [TestCase(0xB9C00C20u)] // size=10 opc=11, unsigned offset
    [TestCase(0xF9C00C20u)] // size=11 opc=11, unsigned offset
    [TestCase(0xF89F0C20u)] // size=11 opc=10, pre-index (PRFM has no pre-index form)
    [TestCase(0xF8C10420u)] // size=11 opc=11, post-index
    [TestCase(0xB8C10420u)] // size=10 opc=11, post-index
    [TestCase(0xF8814820u)] // size=11 opc=10, unprivileged
    [TestCase(0xF8620820u)] // ldr x0, [x1, x2] with option = 000 (UXTB), reserved
    [TestCase(0xF8628820u)] // ldr x0, [x1, x2] with option = 100 (SXTB), reserved
    [TestCase(0x38623820u)] // ldrb w0, [x1, x2] with option = 001 (UXTH), S = 1, reserved
    [TestCase(0xE9400C20u)] // pair with opc = 11
    [TestCase(0x68400C20u)] // no-allocate pair with opc = 01, L = 1 (there is no LDNPSW)
    [TestCase(0x69000C20u)] // stgp x0, x3, [x1]: opc = 01, L = 0 (MTE, not implemented)
    public void UnallocatedEncodingIsUndefined(uint opcode)
    {
        Assert.That(A64Decoder.Instance.Decode(opcode).Op, Is.EqualTo(Op.Unallocated));
        var m = new TestMachine(opcode);
        m[1] = Base;
        m.Run();
        Assert.That(m.Took(ExceptionClass.Unknown), Is.True);
        Assert.That(m.State.ElrEl1, Is.EqualTo(TestMachine.CodeBase));
    }

    [Test]
    public void NoRowOfThisGroupMatchesTheSimdAndFpForms()
    {
        var rows = A64Table.Rows.Where(r => LoadsAndStores.Handles(r.Op)).ToList();
        Assert.That(rows, Has.Count.EqualTo(104));
        Assert.That(rows.Where(r => (r.Mask & (1u << 26)) == 0 || (r.Value & (1u << 26)) != 0).Select(r => r.ToString()), Is.Empty);
        Row? ldrD = A64Decoder.Instance.Lookup(0xFD400020u); // ldr d0, [x1]
        Assert.That(ldrD is not null && LoadsAndStores.Handles(ldrD.Op), Is.False);
    }

    // ---- CONSTRAINED UNPREDICTABLE cases -----------------------------------------------------------

    [TestCase(0xF8408C00u, true)]   // ldr x0, [x0, #8]!
    [TestCase(0xF8408421u, true)]   // ldr x1, [x1], #8
    [TestCase(0xF8008421u, true)]   // str x1, [x1], #8
    [TestCase(0xB8400C20u, false)]  // ldr w0, [x1, #0]!
    [TestCase(0xF8408FE0u, false)]  // ldr x0, [sp, #8]!  (Rn = 31 is SP, Rt = 31 would be XZR)
    [TestCase(0xF9400400u, false)]  // ldr x0, [x0, #8]  (no writeback)
    [TestCase(0xA9400441u, true)]   // ldp x1, x1, [x2]
    [TestCase(0xA9400C23u, true)]   // ldp x3, x3, [x1]
    [TestCase(0xA8401445u, true)]   // ldnp x5, x5, [x2]
    [TestCase(0xA9C10420u, true)]   // ldp x0, x1, [x1, #16]!
    [TestCase(0xA8C10420u, true)]   // ldp x0, x1, [x1], #16
    [TestCase(0xA8810420u, true)]   // stp x0, x1, [x1], #16
    [TestCase(0xA9000441u, false)]  // stp x1, x1, [x2]
    [TestCase(0xA9000420u, false)]  // stp x0, x1, [x1]
    [TestCase(0xA9400C20u, false)]  // ldp x0, x3, [x1]
    [TestCase(0xA9BF7BFDu, false)]  // stp x29, x30, [sp, #-16]!
    [TestCase(0xF9C00C20u, false)]  // unallocated
    [TestCase(0x8B020020u, false)]  // add x0, x1, x2 (another group)
    public void ConstrainedUnpredictableCases(uint opcode, bool expected) =>
        Assert.That(LoadsAndStores.IsConstrainedUnpredictable(opcode), Is.EqualTo(expected));

    [Test]
    public void LoadWithWritebackIntoItsBaseKeepsTheAddress()
    {
        var m = new TestMachine(0xF8408C00u); // ldr x0, [x0, #8]!  (CONSTRAINED UNPREDICTABLE: our choice)
        m.Write(Base + 8, 8, Pattern);
        m[0] = Base;
        m.Run();
        Assert.That(m[0], Is.EqualTo(Base + 8));
    }

    [Test]
    public void StoreWithWritebackOfItsBaseStoresTheOriginalValue()
    {
        var m = new TestMachine(0xF8008421u); // str x1, [x1], #8  (CONSTRAINED UNPREDICTABLE: our choice)
        m[1] = Base;
        m.Run();
        Assert.That(m.Read(Base, 8), Is.EqualTo(Base));
        Assert.That(m[1], Is.EqualTo(Base + 8));
    }

    [Test]
    public void LoadPairIntoOneRegisterKeepsTheSecondElement()
    {
        var m = new TestMachine(0xA9400C23u); // ldp x3, x3, [x1]  (CONSTRAINED UNPREDICTABLE: our choice)
        m.Write(Base, 8, Pattern);
        m.Write(Base + 8, 8, Pattern2);
        m[1] = Base;
        m.Run();
        Assert.That(m[3], Is.EqualTo(Pattern2));
    }
}
