#!/usr/bin/env bash
# Runs guests on emu and on qemu-system-aarch64 (virt, GICv3, Cortex-A57, semihosting) and
# diffs their console transcripts and exit statuses. QEMU is a peer to compare with, never
# a dependency of emu.
#   tools/compare-qemu.sh            every guest of guests/manifest.tsv
#   tools/compare-qemu.sh smp psci   just these
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v qemu-system-aarch64 >/dev/null; then
    echo "compare-qemu: qemu-system-aarch64 is not installed (apt-get install qemu-system-arm)" >&2
    exit 2
fi
dotnet build src/Machine -c Release -v quiet -nologo >/dev/null || { echo "compare-qemu: build failed" >&2; exit 2; }
emu="src/Machine/bin/Release/net10.0/emu"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
while IFS=$'\t' read -r name options expected; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    if [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
    # QEMU takes -smp N and -semihosting; options it has no equivalent for (--mpidr,
    # --topology) mean the guest runs on emu only.
    qemu_opts=()
    read -ra opts <<<"$options"
    skip=""
    for ((i = 0; i < ${#opts[@]}; i++)); do
        case "${opts[i]}" in
            --semihosting) qemu_opts+=(-semihosting) ;;
            --smp) qemu_opts+=(-smp "${opts[i + 1]}"); i=$((i + 1)) ;;
            --mem) qemu_opts+=(-m "${opts[i + 1]}"); i=$((i + 1)) ;;
            *) skip="${opts[i]}" ;;
        esac
    done
    if [[ -n "$skip" ]]; then
        echo "$name: skipped (QEMU has no equivalent of $skip)"
        continue
    fi
    # The same list as QemuCpus in tests/Guests/QemuComparisonTests.cs.
    case "$name" in
        mmu) cpu=cortex-a76 ;; # QEMU's Cortex-A57 has no 16KB granule
        *) cpu=cortex-a57 ;;
    esac
    "$emu" run "guests/bin/$name.elf" $options >"$work/emu.txt" 2>&1 </dev/null
    emu_exit=$?
    timeout 60 qemu-system-aarch64 -M virt,gic-version=3,its=on -cpu "$cpu" -m 512 -nographic -nic none \
        "${qemu_opts[@]}" -kernel "guests/bin/$name.elf" >"$work/qemu.txt" 2>&1 </dev/null
    qemu_exit=$?
    if [[ $emu_exit -ne $qemu_exit ]]; then
        echo "$name: exit status differs: emu $emu_exit, qemu $qemu_exit"
        status=1
    fi
    if diff -u --label "qemu $name" --label "emu $name" "$work/qemu.txt" "$work/emu.txt"; then
        echo "$name: same transcript (exit $emu_exit)"
    else
        status=1
    fi
done <guests/manifest.tsv
exit $status
