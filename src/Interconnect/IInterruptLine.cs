namespace Emulator.Interconnect;

/// <summary>
/// One interrupt wire from a device to an interrupt controller. Interrupts are levels:
/// the device drives the line high while its condition holds and low when it clears;
/// the controller latches edges or follows levels as its own configuration says.
/// </summary>
public interface IInterruptLine
{
    void Set(bool level);
}
