#!/usr/bin/env bash
# Names kernel addresses with the kit's symbol table (tools/fetch-debian-guest.sh --kallsyms):
#   tools/linux-symbol.sh 0xffff800008bbed68 0x40bd2478
# A physical address (below the kernel's VA range, i.e. before the MMU is on) is taken as an
# offset into the Image, which emu loads at 0x40000000 (the first 2 MiB aligned base of RAM).
# (bash arithmetic is 64-bit two's complement: differences of nearby addresses are exact.)
set -euo pipefail
cd "$(dirname "$0")/.."
syms="cache/debian-guest/kallsyms"
[[ -s "$syms" ]] || { echo "linux-symbol: no $syms (run tools/fetch-debian-guest.sh --kallsyms)" >&2; exit 2; }
[[ $# -gt 0 ]] || { echo "linux-symbol: give one or more addresses" >&2; exit 2; }
stext=$(awk '$3 == "_stext" { print $1; exit }' "$syms")
text=$(( 0x$stext - 0x10000 ))   # _text: the Image's first byte, 64 KiB below _stext on arm64
for address in "$@"; do
    [[ "$address" =~ ^(0x)?[0-9a-fA-F]+$ ]] || { echo "linux-symbol: '$address' is not a hex address" >&2; exit 2; }
    va=$(( 16#${address#0x} ))
    (( (va >> 48) == 0 )) && va=$(( va - 0x40000000 + text ))
    best=-1 name=""
    while read -r sym _ symname _; do
        off=$(( va - 16#$sym ))
        if (( off >= 0 && (best < 0 || off < best) )); then best=$off name=$symname; fi
    done <"$syms"
    if [[ -z "$name" ]]; then printf '%s: no symbol\n' "$address"
    else printf '%s = 0x%x %s+0x%x\n' "$address" "$va" "$name" "$best"; fi
done
