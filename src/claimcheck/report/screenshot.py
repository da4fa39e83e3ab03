"""Save a PNG of an HTML report with headless Chromium, for the README.

Usage: python -m claimcheck.report.screenshot reports/report.html reports/screenshot.png [--width 1280]

Needs the `playwright` Python package and Debian's Chromium at /usr/bin/chromium
(the browser playwright would download is never used: the run stays offline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Keep Chromium from phoning home: the report must render with no network at all.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(playwright: Any) -> Any:
    """Launch the system Chromium through a running playwright instance, offline-minded."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} not found: install Debian's chromium package")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def screenshot(
    html_path: Path,
    png_path: Path,
    *,
    width: int = 1280,
    height: int = 800,
    full_page: bool = True,
    browser: Any | None = None,
) -> Path:
    """Render html_path in headless Chromium at the given viewport and save a PNG to png_path.

    Pass a running playwright `browser` to reuse it (tests do); otherwise one is launched and closed.
    """
    html_path, png_path = Path(html_path).resolve(), Path(png_path)
    if not html_path.is_file():
        raise FileNotFoundError(f"{html_path}: no such file")
    png_path.parent.mkdir(parents=True, exist_ok=True)
    if browser is not None:
        _capture(browser, html_path, png_path, width, height, full_page)
        return png_path
    from playwright.sync_api import sync_playwright  # only this optional tool needs playwright

    with sync_playwright() as p:
        launched = launch_chromium(p)
        try:
            _capture(launched, html_path, png_path, width, height, full_page)
        finally:
            launched.close()
    return png_path


def _capture(browser: Any, html_path: Path, png_path: Path, width: int, height: int, full_page: bool) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(html_path.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(png_path), full_page=full_page)
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: screenshot REPORT.html OUT.png [--width N] [--height N] [--viewport-only]."""
    parser = argparse.ArgumentParser(prog="python -m claimcheck.report.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the report.html to render")
    parser.add_argument("png", type=Path, help="where to save the PNG")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS pixels (default 1280)")
    parser.add_argument("--height", type=int, default=800, help="viewport height in CSS pixels (default 800)")
    parser.add_argument("--viewport-only", action="store_true", help="capture the first screen, not the whole page")
    args = parser.parse_args(argv)
    try:
        screenshot(args.html, args.png, width=args.width, height=args.height, full_page=not args.viewport_only)
    except Exception as err:  # a missing browser or file, or a playwright error: one line, not a traceback
        message = str(err).strip().splitlines()
        print(f"Error: {message[0] if message else type(err).__name__}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
