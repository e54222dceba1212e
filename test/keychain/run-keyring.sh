#!/usr/bin/env bash
# Runs the keychain tests against a real gnome-keyring, in a private D-Bus
# session with a throw-away HOME, so they never touch (or wait on) the
# keychain of the person running them.
#   needs: dbus (dbus-run-session), gnome-keyring; keytar links libsecret-1.
# Extra arguments go to vitest (default: the whole test/keychain folder).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-keyring.sh: '$tool' is missing; install the Debian packages dbus and gnome-keyring." >&2
    exit 3
  fi
done

scratch="$(mktemp -d "${TMPDIR:-/tmp}/s3desk-keyring.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run"
chmod 700 "$scratch/run"

export HOME="$scratch/home"
export XDG_RUNTIME_DIR="$scratch/run"
export XDG_DATA_HOME="$scratch/home/.local/share"
export XDG_CONFIG_HOME="$scratch/home/.config"
export XDG_CACHE_HOME="$scratch/home/.cache"
# No display: nothing may pop up an unlock prompt.
unset DISPLAY WAYLAND_DISPLAY
export S3DESK_KEYRING_AVAILABLE=1

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(test/keychain)

dbus-run-session -- bash -c '
  set -euo pipefail
  # A fresh "login" keyring, created and unlocked with a throw-away password.
  eval "$(printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  # The JSON report belongs to the outer run; this one only prints.
  exec npx vitest run --reporter=default "$@"
' run-keyring "${targets[@]}"
