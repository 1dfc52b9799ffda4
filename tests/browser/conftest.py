"""Browser tests: Playwright's async API driving Debian's Chromium (never `playwright install`, which
downloads a browser from Playwright's CDN). They skip, saying why, when no Chromium is installed, unless
CI_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails the run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("HEALTHSINK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Headless Chromium on a VM without a GPU; /dev/shm is small in containers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
]


def pytest_collection_modifyitems(config, items):
    browser_items = [i for i in items if "tests/browser/" in str(i.fspath).replace(os.sep, "/")]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if CHROMIUM:
        return
    if os.environ.get("CI_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("CI_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install -y chromium)")
    skip = pytest.mark.skip(reason="no Chromium on PATH (apt-get install -y chromium); set HEALTHSINK_CHROMIUM")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            await b.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
