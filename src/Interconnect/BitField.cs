using System.Runtime.CompilerServices;

namespace Emulator.Interconnect;

/// <summary>
/// A named bit field of a register or an in-memory format (QEMU's registerfields idea):
/// declare <c>static readonly BitField Enabled = new(0, 1)</c> once, then Extract and
/// Deposit, so no code writes raw shifts and masks twice.
/// </summary>
public readonly record struct BitField(int Shift, int Length)
{
    public ulong Mask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (Length >= 64 ? ulong.MaxValue : (1UL << Length) - 1) << Shift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Extract(ulong value) => (value & Mask) >> Shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Extract(uint value) => (uint)Extract((ulong)value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsSet(ulong value) => (value & Mask) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Deposit(ulong value, ulong field) => (value & ~Mask) | ((field << Shift) & Mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Deposit(uint value, uint field) => (uint)Deposit((ulong)value, field);

    /// <summary>The field as a signed number (its top bit is the sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ExtractSigned(ulong value) => (long)(Extract(value) << (64 - Length)) >> (64 - Length);
}
