namespace Emulator.Devices.Gic.Its;

/// <summary>
/// Optional on an <see cref="ILpiTarget"/>: moves every pending LPI of one redistributor to
/// another in one call. Without it MOVALL probes each LPI INTID the source implements
/// (up to 2^16 - 8192 calls per MOVALL with 16 INTID bits), which is bounded but slow for a
/// queue full of MOVALLs; a redistributor that keeps its pending LPIs as a bit array can
/// do it in a few word operations.
/// </summary>
public interface ILpiBulkMove
{
    void MoveAllLpiPending(int fromCpu, int toCpu);
}
