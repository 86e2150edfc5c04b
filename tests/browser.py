"""Headless Chromium (Debian's chromium + chromium-driver, through selenium) with axe-core
injected, for the HTML accessibility tests.

axe-core is pinned in tests/js/package.json and installed with `npm ci --prefix tests/js`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tools import missing_tool, require_tool

AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Root in a container: no sandbox; nothing fetched in the background while pages are checked.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A selenium driver of headless Chromium with a fresh profile, quit afterwards."""
    binary = require_tool("chromium")
    driver_path = require_tool("chromedriver")
    if not AXE.is_file():
        missing_tool("axe-core is not installed (npm ci --prefix tests/js)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def set_viewport(driver: Any, width: int, height: int = 900) -> None:
    """The page's layout viewport, exactly (a window may not shrink to 320 px)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the loaded page for AXE_TAGS, each with its nodes' targets."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const options = {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']};
        axe.run(document, options)
          .then(r => done(r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
          }))))
          .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
        """,
        AXE_TAGS,
    )
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({len(violation['nodes'])}): {violation['help']}")
        lines += [f"    {target}" for target in targets]
    return "\n".join(lines)
