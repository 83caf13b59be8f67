#!/usr/bin/env bash
# Puts the `netspace` command on the PATH as a .NET global tool built from this checkout:
#   1. dotnet pack src/NetSpace.Cli as a tool for linux-x64 into artifacts/tool/ (the package carries libtorch's
#      native libraries; the build's fix-up of libLibTorchSharp.so for Debian 12's libstdc++ runs on the packed copy),
#   2. dotnet tool install --global from that folder (an installed NetSpace.Cli is replaced).
# Takes 2–4 minutes (a Release build and a ~150 MB package). Usage: scripts/install.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rid="linux-x64" # TorchSharp-cpu's libtorch and the libstdc++ fix-up are for Linux x64
source_dir="artifacts/tool"
rm -rf "$source_dir"
echo "packing src/NetSpace.Cli as a .NET tool for $rid into $source_dir/ …"
# CreateRidSpecificToolPackages=false: one framework-dependent package for this RID (no pointer package, no
# bundled .NET runtime), so `dotnet tool install` takes it directly from the folder.
dotnet pack src/NetSpace.Cli -c Release -r "$rid" -p:CreateRidSpecificToolPackages=false -o "$source_dir" -v quiet -nologo

dotnet tool uninstall --global NetSpace.Cli >/dev/null 2>&1 || true
dotnet tool install --global --add-source "$source_dir" NetSpace.Cli

case ":$PATH:" in
  *":$HOME/.dotnet/tools:"*) ;;
  *) echo "note: add the .NET tools folder to your PATH, e.g. in ~/.bashrc:  export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" ;;
esac
echo "installed: $("$HOME/.dotnet/tools/netspace" --version 2>/dev/null || echo '?')  (try: netspace --help)"
