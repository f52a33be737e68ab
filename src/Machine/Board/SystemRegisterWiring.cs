using Emulator.Cpu;
using Emulator.Devices.GenericTimer;
using Emulator.Devices.Gic;

namespace Emulator.Machine.Board;

/// <summary>
/// Puts a device's system registers into a PE's system-register table: the GIC CPU
/// interface (ICC_*_EL1, EL1 only) and the generic timer (CNT*_EL0, EL0 access decided by
/// CNTKCTL_EL1). The CPU knows nothing of either; this is the one place they meet.
/// </summary>
public static class SystemRegisterWiring
{
    public static void Bind(SystemRegisterTable table, CpuInterface cpuInterface)
    {
        foreach (IccRegister row in cpuInterface.Registers)
        {
            Func<CpuInterface, ulong>? read = row.Read;
            Action<CpuInterface, ulong>? write = row.Write;
            table.Add(new SystemRegister(row.Name, SystemRegister.Encode(row.Op0, row.Op1, row.CRn, row.CRm, row.Op2),
                read is null ? null : _ => read(cpuInterface),
                write is null ? null : (_, value) => write(cpuInterface, value)));
        }
    }

    public static void Bind(SystemRegisterTable table, GenericTimer timer)
    {
        foreach (TimerRegister row in GenericTimer.Registers)
        {
            Func<GenericTimer, ulong>? read = row.Read;
            Action<GenericTimer, ulong>? write = row.Write;
            table.Add(new SystemRegister(row.Name, row.Encoding,
                read is null ? null : _ => read(timer),
                write is null ? null : (_, value) => write(timer, value),
                SystemRegisterAccess.El0Conditional));
            table.SetEl0Check(row.Encoding, cpu => row.El0Enabled(cpu.State.CntkctlEl1));
        }
    }
}
