#!/usr/bin/env bash
# Make sure bubblewrap (bwrap) is installed and can create a sandbox here: `coursekit grade` runs
# every submitted notebook in one, and the grading tests check that it holds. Installs it with
# apt-get when running as root; otherwise stops with a message saying how.
set -euo pipefail
BWRAP=${BWRAP:-$(command -v bwrap || true)}
if [ -z "$BWRAP" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing bubblewrap for the grading sandbox (apt-get install bubblewrap)..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null || true
    BWRAP=$(command -v bwrap || true)
  fi
fi
if [ -z "$BWRAP" ]; then
  echo "error: the grading sandbox needs bubblewrap (bwrap) and it could not be installed." >&2
  echo "  On Debian or Ubuntu, as root: apt-get install bubblewrap" >&2
  exit 1
fi
if ! "$BWRAP" --ro-bind / / --unshare-all --unshare-user --die-with-parent --proc /proc --dev /dev true \
     2>/tmp/ensure-bubblewrap.$$; then
  echo "error: bubblewrap is installed but cannot create a sandbox here: $(tail -n1 /tmp/ensure-bubblewrap.$$)" >&2
  echo "  Run as root, or enable unprivileged user namespaces:" >&2
  echo "  sysctl -w kernel.unprivileged_userns_clone=1 (Debian) or" >&2
  echo "  sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04)" >&2
  rm -f /tmp/ensure-bubblewrap.$$
  exit 1
fi
rm -f /tmp/ensure-bubblewrap.$$
