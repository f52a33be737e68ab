namespace Emulator.Machine.Loaders;

/// <summary>
/// A guest image the host was handed cannot be loaded (not an ELF, wrong architecture,
/// truncated, does not fit in RAM...). The message is one line, fit for the user as is.
/// </summary>
public sealed class LoaderException(string message) : Exception(message);
