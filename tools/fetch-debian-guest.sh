#!/usr/bin/env bash
# Builds the Debian guest kit in cache/debian-guest/ from Debian's own arm64 packages:
#   Image               the newest linux-image-6.1.0-*-cloud-arm64-unsigned kernel, raw
#                       (Debian ships /boot/vmlinuz gzipped; arm64 Linux boots the raw Image)
#   config              the kernel's build configuration, from the same package
#   initramfs.cpio.gz   busybox-static and an /init script (see make_init below)
#   kernel-version      the package's kernel release, e.g. 6.1.0-57-cloud-arm64
# Idempotent: packages already downloaded are not fetched again; the initramfs is rebuilt
# each run (it is small and deterministic: fixed owners and times).
#   tools/fetch-debian-guest.sh            fetch what is missing, build the kit
#   tools/fetch-debian-guest.sh --update   run apt-get update first (to pick up a newer kernel)
#   tools/fetch-debian-guest.sh --kallsyms also boot the kit once on QEMU (nokaslr) and keep its
#                                          /proc/kallsyms as cache/debian-guest/kallsyms, to name
#                                          the PCs of a boot (tools/linux-symbol.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

kit="cache/debian-guest"
debs="$kit/debs"
die() { echo "fetch-debian-guest: $*" >&2; exit 1; }

update=0 kallsyms=0
for arg in "$@"; do
    case "$arg" in
        --update) update=1 ;;
        --kallsyms) kallsyms=1 ;;
        *) die "unknown option '$arg' (--update, --kallsyms)" ;;
    esac
done

for tool in dpkg apt-get apt-cache dpkg-deb gzip tar; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed (this script needs Debian's apt and dpkg)"
done

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "'$*' needs root (run this script as root once)"; fi
}

if [[ " $(dpkg --print-foreign-architectures | tr '\n' ' ') " != *" arm64 "* ]]; then
    echo "fetch-debian-guest: adding the arm64 architecture to dpkg" >&2
    as_root dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
    update=1
fi

newest_kernel() {
    apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-arm64-unsigned$' 2>/dev/null \
        | awk '{print $1}' | sort -V | tail -n 1
}
# (The policy text is captured first: grep -q closing the pipe early would fail it under pipefail.)
has_candidate() { local policy; policy="$(apt-cache policy "$1" 2>/dev/null)"; [[ "$policy" == *"Candidate: "[!\(]* ]]; }

if [[ $update -eq 0 ]] && { [[ -z "$(newest_kernel)" ]] || ! has_candidate busybox-static:arm64; }; then
    update=1
fi
if [[ $update -eq 1 ]]; then
    echo "fetch-debian-guest: apt-get update" >&2
    as_root apt-get update -qq >/dev/null || die "apt-get update failed"
fi

kernel_pkg="$(newest_kernel)"
[[ -n "$kernel_pkg" ]] || die "no linux-image-6.1.0-*-cloud-arm64-unsigned package in the apt lists (is a bookworm source configured?)"
has_candidate busybox-static:arm64 || die "no busybox-static:arm64 package in the apt lists"
release="${kernel_pkg#linux-image-}"
release="${release%-unsigned}"

mkdir -p "$debs"

# Prints the path of the package's .deb in $debs, downloading it unless it is already there.
fetch_deb() {
    local pkg="$1" version file
    version="$(apt-cache policy "$pkg:arm64" | awk '/Candidate:/ {print $2}')"
    [[ -n "$version" && "$version" != "(none)" ]] || die "no candidate version for $pkg:arm64"
    # apt-get download names files with the epoch's colon escaped as %3a.
    file="$debs/${pkg}_${version//:/%3a}_arm64.deb"
    if [[ ! -s "$file" ]]; then
        echo "fetch-debian-guest: downloading $pkg:arm64 $version" >&2
        (cd "$debs" && apt-get download -qq "$pkg:arm64=$version" >/dev/null 2>&1) \
            || die "apt-get download $pkg:arm64=$version failed"
        [[ -s "$file" ]] || die "apt-get download left no $file"
    fi
    echo "$file"
}

kernel_deb="$(fetch_deb "$kernel_pkg")"
busybox_deb="$(fetch_deb busybox-static)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The kernel: older Debian packages ship vmlinuz as a gzip stream of the raw Image, newer
# ones the raw Image itself; either way the result must carry the arm64 magic "ARMd" at 56.
if [[ ! -s "$kit/Image" || "$kernel_deb" -nt "$kit/Image" || "$(cat "$kit/kernel-version" 2>/dev/null)" != "$release" ]]; then
    echo "fetch-debian-guest: unpacking $release" >&2
    dpkg-deb --fsys-tarfile "$kernel_deb" \
        | tar -x -C "$work" "./boot/vmlinuz-$release" "./boot/config-$release" \
        || die "$kernel_deb has no ./boot/vmlinuz-$release"
    vmlinuz="$work/boot/vmlinuz-$release"
    if [[ "$(head -c 2 "$vmlinuz" | od -An -tx1 | tr -d ' ')" == "1f8b" ]]; then
        gzip -dc "$vmlinuz" >"$work/Image" || die "vmlinuz-$release is damaged gzip data"
    else
        mv "$vmlinuz" "$work/Image"
    fi
    [[ "$(dd if="$work/Image" bs=1 skip=56 count=4 status=none)" == "ARMd" ]] \
        || die "vmlinuz-$release is not an arm64 Image (no ARMd magic at offset 56)"
    mv "$work/Image" "$kit/Image"
    touch "$kit/Image"
    mv "$work/boot/config-$release" "$kit/config"
    echo "$release" >"$kit/kernel-version"
fi

dpkg-deb --fsys-tarfile "$busybox_deb" | tar -x -C "$work" ./bin/busybox \
    || die "$busybox_deb has no ./bin/busybox"

# /init: a busybox sh script. The marker line tells tools/bench-linux.sh and the CI test
# that userspace runs; emu.shell=1 on the kernel command line leaves an interactive shell
# instead of powering off; emu.kallsyms=1 prints /proc/kallsyms at the end.
make_init() {
    cat <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "EMU-GUEST-MARKER: userspace is up ($(uname -r), $(nproc) CPUs online)"
echo "--- /proc/cpuinfo"
cat /proc/cpuinfo
echo "--- /proc/interrupts"
cat /proc/interrupts
echo "--- dmesg (GIC, ITS, LPI)"
dmesg | grep -E 'GIC|ITS|LPI' || true
echo "--- workload: one sha256 per CPU over 256 KiB"
for cpu in $(seq 0 $(($(nproc) - 1))); do
    (dd if=/dev/zero bs=1024 count=256 2>/dev/null | taskset -c "$cpu" sha256sum | sed "s/^/cpu$cpu /") &
done
wait
echo "--- /proc/interrupts after the workload"
cat /proc/interrupts
echo "EMU-GUEST-DONE"
# emu.kallsyms=1 (with nokaslr) dumps the symbol table, to name the PCs of a boot elsewhere.
if grep -qw 'emu.kallsyms=1' /proc/cmdline; then
    echo "--- /proc/kallsyms"
    cat /proc/kallsyms
    echo "--- end of /proc/kallsyms"
fi
if grep -qw 'emu.shell=1' /proc/cmdline; then
    echo "emu.shell=1: starting a shell (poweroff -f to stop)"
    exec setsid cttyhack sh
fi
poweroff -f
EOF
}
make_init >"$work/init"

# The initramfs, written here as cpio "newc" (Documentation/driver-api/early-userspace/
# buffer-format.rst) so that /dev/console can be a device node without root or mknod: the
# kernel opens it as init's stdin/stdout before /init runs.
cpio="$work/initramfs.cpio"
: >"$cpio"
inode=1
pad4() { local n=$(( (4 - $1 % 4) % 4 )); [[ $n -eq 0 ]] || head -c "$n" /dev/zero >>"$cpio"; }
# entry NAME MODE(octal) SIZE RDEVMAJOR RDEVMINOR [DATA-FILE]
entry() {
    local name="$1" mode="$2" size="$3" major="$4" minor="$5" data="${6:-}"
    local namesize=$(( ${#name} + 1 ))
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        "$inode" "$((8#$mode))" 0 0 1 0 "$size" 0 0 "$major" "$minor" "$namesize" 0 >>"$cpio"
    printf '%s\0' "$name" >>"$cpio"
    pad4 $(( 110 + namesize ))
    if [[ -n "$data" ]]; then cat "$data" >>"$cpio"; pad4 "$size"; fi
    inode=$((inode + 1))
}
file_entry() { entry "$1" "$2" "$(stat -c %s "$3")" 0 0 "$3"; }
symlink_entry() { printf '%s' "$2" >"$work/link"; entry "$1" 120777 "${#2}" 0 0 "$work/link"; }

for dir in bin sbin usr usr/bin usr/sbin dev proc sys tmp root; do entry "$dir" 40755 0 0 0; done
entry dev/console 20600 0 5 1
file_entry bin/busybox 100755 "$work/bin/busybox"
symlink_entry bin/sh busybox
file_entry init 100755 "$work/init"
entry TRAILER!!! 0 0 0 0

gzip -9 -n <"$cpio" >"$work/initramfs.cpio.gz"
mv "$work/initramfs.cpio.gz" "$kit/initramfs.cpio.gz"
echo "fetch-debian-guest: $kit/Image ($release) and $kit/initramfs.cpio.gz are ready"

if [[ $kallsyms -eq 1 ]]; then
    command -v qemu-system-aarch64 >/dev/null || die "--kallsyms needs qemu-system-aarch64 (apt-get install qemu-system-arm)"
    echo "fetch-debian-guest: booting the kit on QEMU for /proc/kallsyms" >&2
    timeout 300 qemu-system-aarch64 -M virt,gic-version=3,its=on -cpu cortex-a57 -m 1024 -nographic -net none \
        -kernel "$kit/Image" -initrd "$kit/initramfs.cpio.gz" -append "console=ttyAMA0 nokaslr emu.kallsyms=1" \
        </dev/null 2>&1 | tr -d '\r' | sed -n '/^--- \/proc\/kallsyms$/,/^--- end of \/proc\/kallsyms$/p' \
        | sed '1d;$d' >"$work/kallsyms"
    [[ -s "$work/kallsyms" ]] || die "QEMU's boot printed no /proc/kallsyms"
    mv "$work/kallsyms" "$kit/kallsyms"
    echo "fetch-debian-guest: $kit/kallsyms ($(wc -l <"$kit/kallsyms") symbols)"
fi
