namespace Emulator.Devices.Gic.Its;

/// <summary>
/// The architectural state of an ITS, plain data for snapshots: the registers as they read
/// (GITS_CREADR with its Stalled bit), plus the error code of the command that stalled the
/// queue. Everything else (device table, ITTs, collection table) lives in guest memory.
/// </summary>
public sealed class ItsState
{
    public uint Ctlr;
    public ulong Cbaser;
    public ulong Cwriter;
    public ulong Creadr;
    /// <summary>GITS_BASER0 (device table) and GITS_BASER1 (collection table).</summary>
    public ulong[] Baser = new ulong[2];
    /// <summary>GITS_CMDERR (IMPLEMENTATION DEFINED, see <see cref="Its"/>).</summary>
    public ulong CmdErr;
}
