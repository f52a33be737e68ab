#!/usr/bin/env bash
# Boots the Debian guest kit (tools/fetch-debian-guest.sh) under emu and, when it is
# installed, under QEMU TCG (-M virt,gic-version=3,its=on -cpu cortex-a57 -m 1024), and prints
# the seconds from start to the initramfs's marker line for each, and their ratio (and, as a
# milestone, to the kernel's "Run /init as init process").
#   tools/bench-linux.sh [--smp N] [--timeout SECONDS] [--keep DIR]
#   EMU=/other/worktree/src/Machine/bin/Release/net10.0/emu tools/bench-linux.sh
# --timeout bounds each boot (default 900 s); --keep DIR keeps both console logs there.
# Exit status: 0 when every boot reached the marker, 1 when one did not, 2 on bad input.
set -uo pipefail
cd "$(dirname "$0")/.."

die() { echo "bench-linux: $*" >&2; exit 2; }
kit="cache/debian-guest"
marker="EMU-GUEST-MARKER"
smp=1 timeout=900 keep=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --smp) smp="${2:-}"; shift 2 ;;
        --timeout) timeout="${2:-}"; shift 2 ;;
        --keep) keep="${2:-}"; shift 2 ;;
        *) die "unknown option '$1' (--smp N, --timeout SECONDS, --keep DIR)" ;;
    esac
done
[[ "$smp" =~ ^[1-9][0-9]*$ ]] || die "--smp wants a CPU count, not '$smp'"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout wants whole seconds, not '$timeout'"
[[ -s "$kit/Image" && -s "$kit/initramfs.cpio.gz" ]] \
    || die "no guest kit in $kit (run tools/fetch-debian-guest.sh first)"

# EMU=path/to/emu benchmarks another build (another worktree's, say) instead of this one's.
if [[ -n "${EMU:-}" ]]; then
    emu="$EMU"
    [[ -x "$emu" ]] || die "EMU=$emu is not an executable"
else
    dotnet build src/Machine -c Release -v quiet -nologo >/dev/null || die "building emu failed"
    emu="src/Machine/bin/Release/net10.0/emu"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# boot NAME COMMAND...: runs COMMAND with its console in $work/NAME.log, and sets $seconds to
# the time until the marker appeared, or prints why it never did and clears $seconds.
boot() {
    local name="$1"; shift
    local log="$work/$name.log" start now pid
    last() { local line; line="$(tail -n 1 "$log" | tr -d '\r')"; echo "${line:-(no console output)}"; }
    start=$EPOCHREALTIME
    : >"$log"
    "$@" </dev/null >"$log" 2>&1 &
    pid=$!
    seconds="" init_seconds=""
    while :; do
        now=$EPOCHREALTIME
        # An intermediate milestone: the kernel is done and execs /init.
        if [[ -z "$init_seconds" ]] && grep -q "Run /init as init process" "$log"; then
            init_seconds=$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.2f", b - a }')
        fi
        if grep -q "$marker" "$log"; then
            seconds=$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.2f", b - a }')
            break
        fi
        if grep -q "Kernel panic" "$log"; then
            echo "bench-linux: $name: the kernel panicked before the marker: $(grep -m1 "Kernel panic" "$log" | tr -d '\r')" >&2
            break
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid"
            echo "bench-linux: $name exited (status $?) without reaching the marker; its last line: $(last)" >&2
            break
        fi
        if awk -v a="$start" -v b="$now" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
            echo "bench-linux: $name did not reach the marker within $timeout s; its last line: $(last)" >&2
            break
        fi
        sleep 0.05
    done
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    [[ -z "$keep" ]] || { mkdir -p "$keep" && cp "$log" "$keep/$name.log"; }
}

append="console=ttyAMA0"
status=0
boot emu "$emu" run "$kit/Image" --initrd "$kit/initramfs.cpio.gz" --append "$append" --smp "$smp" --mem 1G
emu_seconds="$seconds" emu_init="$init_seconds"
[[ -n "$emu_seconds" ]] || status=1

qemu_seconds=""
if command -v qemu-system-aarch64 >/dev/null; then
    # -net none: the default NIC needs a ROM that Debian ships separately (ipxe-qemu); the
    # guest has no use for it.
    boot qemu qemu-system-aarch64 -M virt,gic-version=3,its=on -cpu cortex-a57 -m 1024 -smp "$smp" \
        -nographic -net none -kernel "$kit/Image" -initrd "$kit/initramfs.cpio.gz" -append "$append"
    qemu_seconds="$seconds" qemu_init="$init_seconds"
    [[ -n "$qemu_seconds" ]] || status=1
else
    echo "bench-linux: qemu-system-aarch64 is not installed: no comparison (apt-get install qemu-system-arm)" >&2
fi

echo "boot to marker, $(cat "$kit/kernel-version" 2>/dev/null || echo kernel), --smp $smp:"
figure() { if [[ -n "$1" ]]; then echo "$1 s"; else echo "marker not reached"; fi; }
echo "emu   $(figure "$emu_seconds")   (kernel ran /init after ${emu_init:-?} s)"
[[ -z "$(command -v qemu-system-aarch64)" ]] || echo "qemu  $(figure "$qemu_seconds")   (kernel ran /init after ${qemu_init:-?} s)"
if [[ -n "$emu_seconds" && -n "$qemu_seconds" ]]; then
    echo "ratio $(awk -v e="$emu_seconds" -v q="$qemu_seconds" 'BEGIN { printf "%.1f", e / q }') (emu / qemu)"
fi
exit $status
