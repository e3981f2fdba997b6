"""A Chromium for the browser tests (the review, the Chromium renderings), found wherever it is.

``find()`` looks, in order, at ``$CHROMIUM``, the Chrome and Chromium commands on
the ``PATH`` (Debian's ``chromium``, ``google-chrome`` …) and the browser
Playwright keeps in the user's cache. Run as a script (``make browser``,
before ``make test``), it installs one when none is found, needing no root:
Playwright's own Chromium into the user's cache; only when that download
fails, and only as root on Debian, Debian's ``chromium`` package.

    python tests/browser.py      # prints the browser's path, or why there is none (exit 1)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Commands a Chrome or Chromium is installed as, most likely first.
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Headless on a machine without a network or a GPU: no sandbox (root in a container), no
# background connections, no first-run dialogs.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def playwright_browser() -> str | None:
    """The Chromium Playwright installed in the user's cache, if any (no download)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).exists() else None


def find() -> str | None:
    """A Chrome or Chromium executable, or None.

    >>> find() is None or Path(find()).exists()
    True
    """
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    for command in COMMANDS:
        path = shutil.which(command)
        if path:
            return path
    return playwright_browser()


def install() -> str | None:
    """Install a browser without root (Playwright's, in the user's cache); fall back to
    Debian's package only as root on Debian. Returns the browser found afterwards."""
    done = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], capture_output=True, text=True)
    if done.returncode != 0:
        errors = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip().startswith("Error")]
        print(f"Playwright could not download its Chromium: {errors[0] if errors else 'exit status '}"
              f"{'' if errors else done.returncode}", file=sys.stderr)
        if os.geteuid() == 0 and shutil.which("apt-get") and Path("/etc/debian_version").exists():
            print("installing Debian's chromium instead (root, apt-get)", file=sys.stderr)
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
    return find()


def main() -> int:
    chosen = os.environ.get("CHROMIUM")
    if chosen and not Path(chosen).exists():
        print(f"CHROMIUM={chosen}: no such file", file=sys.stderr)
        return 1
    path = find() or install()
    if path is None:
        print("no Chrome or Chromium found, and none could be installed: install one, or set CHROMIUM=/path/to/it",
              file=sys.stderr)
        return 1
    print(f"browser for the tests: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
