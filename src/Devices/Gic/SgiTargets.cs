using Emulator.Interconnect;

namespace Emulator.Devices.Gic;

/// <summary>
/// The targets of an SGI as the ICC_SGI0R_EL1 / ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 value names
/// them (IHI 0069 12.11): either every PE but the sender (IRM = 1), or the PEs
/// Aff3.Aff2.Aff1.&lt;Aff0&gt; with Aff0 = 16 * RS + n for each bit n set in TargetList.
/// </summary>
public readonly record struct SgiTargets(byte Aff3, byte Aff2, byte Aff1, ushort TargetList, byte RangeSelector, bool AllButSelf)
{
    static readonly BitField TargetListField = new(0, 16);
    static readonly BitField Aff1Field = new(16, 8);
    static readonly BitField IntidField = new(24, 4);
    static readonly BitField Aff2Field = new(32, 8);
    static readonly BitField IrmField = new(40, 1);
    static readonly BitField RsField = new(44, 4);
    static readonly BitField Aff3Field = new(48, 8);

    /// <summary>The targets named by an ICC_SGI*R_EL1 value (the INTID field is read by <see cref="IntidOf"/>).</summary>
    public static SgiTargets FromRegister(ulong value) =>
        new((byte)Aff3Field.Extract(value), (byte)Aff2Field.Extract(value), (byte)Aff1Field.Extract(value),
            (ushort)TargetListField.Extract(value), (byte)RsField.Extract(value), IrmField.IsSet(value));

    /// <summary>The SGI INTID (bits 27:24) of an ICC_SGI*R_EL1 value.</summary>
    public static int IntidOf(ulong value) => (int)IntidField.Extract(value);

    /// <summary>Every PE except the one that sends the SGI (IRM = 1).</summary>
    public static SgiTargets Broadcast => new(0, 0, 0, 0, 0, AllButSelf: true);

    /// <summary>One PE, by its affinity (RS chosen from its Aff0).</summary>
    public static SgiTargets To(Affinity target) =>
        new(target.Aff3, target.Aff2, target.Aff1, (ushort)(1 << (target.Aff0 % 16)), (byte)(target.Aff0 / 16), AllButSelf: false);

    /// <summary>The ICC_SGI*R_EL1 value that sends SGI <paramref name="intid"/> to these targets.</summary>
    public ulong ToRegister(int intid) =>
        Aff3Field.Deposit(RsField.Deposit(IrmField.Deposit(Aff2Field.Deposit(IntidField.Deposit(
            Aff1Field.Deposit(TargetListField.Deposit(0UL, TargetList), Aff1), (ulong)intid), Aff2),
            AllButSelf ? 1UL : 0UL), RangeSelector), Aff3);

    /// <summary>True if the PE <paramref name="target"/> receives the SGI that PE <paramref name="source"/> sends.</summary>
    public bool Includes(int target, Affinity targetAffinity, int source) =>
        AllButSelf ? target != source : targetAffinity.MatchesTargetList(Aff3, Aff2, Aff1, TargetList, RangeSelector);
}
