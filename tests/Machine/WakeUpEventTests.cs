using Emulator.Interconnect;
using Emulator.Machine.Board;
using Emulator.Machine.Scheduling;

namespace Emulator.Tests.Machine;

/// <summary>WFE wake-up events that come from outside the waiting CPU (Arm ARM D1.6.1).</summary>
public class WakeUpEventTests
{
    [Test]
    public void AnotherCpusStoreThatClearsTheExclusiveMonitorWakesAWfe()
    {
        // CPU 1 waits for a lock word as Linux's spinlocks do (LDAXR, then WFE while it is 0);
        // CPU 0 writes it after a delay longer than a quantum, so CPU 1 is parked in WFE by
        // then. The store clears CPU 1's exclusive monitor, which is its only wake-up event:
        // no timer, no event stream, no SEV. CPU 0 then spins, so a missed event shows as the
        // instruction limit rather than a deadlock.
        uint[] words =
        [
            0xD2B88000u, // mov x0, #0xc4000000
            0xF2800060u, // movk x0, #0x3 (PSCI CPU_ON)
            0xD2800021u, // mov x1, #0x1
            0x10000142u, // adr x2, secondary
            0xD2800003u, // mov x3, #0x0
            0xD4000002u, // hvc #0x0
            0xD2A80125u, // mov x5, #0x40090000
            0xD2986A06u, // mov x6, #50000
            0xF10004C6u, // subs x6, x6, #0x1
            0x54FFFFE1u, // b.ne .-4
            0x52800027u, // mov w7, #0x1
            0xB90000A7u, // str w7, [x5]
            0x14000000u, // b .
            // secondary:
            0xD2A80125u, // mov x5, #0x40090000
            0x885FFCA2u, // ldaxr w2, [x5]
            0x35000062u, // cbnz w2, .+12
            0xD503205Fu, // wfe
            0x17FFFFFDu, // b .-12
            0xD2B08000u, // mov x0, #0x84000000
            0xF2800100u, // movk x0, #0x8 (PSCI SYSTEM_OFF)
            0xD4000002u, // hvc #0x0
        ];
        byte[] code = [.. words.SelectMany(BitConverter.GetBytes)];
        var board = new Board { Kernel = code, LoadAddress = 0x4008_0000, RamSize = 64 << 20, Topology = Affinity.Linear(2) };
        board.FinalizeBoard();
        Assert.That(board.Run(2_000_000), Is.EqualTo(StopReason.Requested), "CPU 1 woke from WFE when CPU 0's store cleared its monitor");
        Assert.That(board.Cpus[1].Xr(2), Is.EqualTo(1UL), "and then read the lock word CPU 0 wrote");
    }
}
