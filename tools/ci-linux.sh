#!/usr/bin/env bash
# CI's Linux boot check (issue 8): fetches the Debian guest kit, then runs the LinuxBoot tests
# (tests/Guests/LinuxBootTests.cs: the cloud kernel on 1 CPU, 4 CPUs and a 4-CPU Aff3
# topology; each boot bounded by EMU_LINUX_BOOT_SECONDS, 900 s by default). .ci/run calls it
# after the build; the main test run then leaves the category out (TestCategory!=LinuxBoot).
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"   # under CI the tests fail, rather than skip, without the kit
echo "ci-linux: fetching the Debian guest kit"
tools/fetch-debian-guest.sh
echo "ci-linux: booting it"
dotnet test Emulator.sln -c Release --filter "TestCategory=LinuxBoot" --logger "console;verbosity=normal"
