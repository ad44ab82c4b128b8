#!/usr/bin/env bash
# Installs the Debian packages sanx needs, once: packages already present are skipped, and apt-get runs
# only when something is missing. Run as root (or with sudo available) on Debian 12.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost-dev libsqlite3-dev sqlite3 libspdlog-dev libfmt-dev libtomlplusplus-dev
  catch2 libcli11-dev nlohmann-json3-dev libssl-dev libpugixml-dev libicu-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
