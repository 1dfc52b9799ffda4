"""The dashboard's static files: the vendored uPlot matches its manifest, the pages follow the CSP rules
(no inline script or style, nothing from another origin), and the server serves only what it should."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from healthsink.web.dashboard import pages

STATIC = Path(pages.STATIC)
VENDOR = STATIC / "vendor"
OWN = [p for p in STATIC.rglob("*") if p.is_file() and VENDOR not in p.parents]


def test_vendored_files_match_the_manifest():
    manifest = tomllib.loads((VENDOR / "VENDORED.toml").read_text())
    listed = set()
    for package in manifest["package"]:
        assert package["name"] and package["version"] and package["license"] and package["integrity"]
        folder = VENDOR / package["directory"]
        assert package["version"] in package["directory"]
        for name, digest in package["files"].items():
            listed.add(folder / name)
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{name} was changed"
        licence = (folder / "LICENSE").read_text()
        assert package["license"] in licence, "the licence file does not name the manifest's licence"
    on_disk = {p for p in VENDOR.rglob("*") if p.is_file() and p.name != "VENDORED.toml"}
    assert on_disk == listed, "every vendored file is in the manifest, and only those"


def test_pages_have_no_inline_script_or_style_and_load_nothing_from_elsewhere():
    for page in (STATIC / "pages").glob("*.html"):
        text = page.read_text()
        assert "style=" not in text and "<style" not in text, page.name
        for script in re.findall(r"<script[^>]*>", text):
            assert 'src="/dashboard/static/' in script, f"{page.name}: {script}"
        assert not re.search(r'(src|href)="(https?:)?//', text), page.name
    for path in OWN:
        if path.suffix in (".js", ".css"):
            urls = set(re.findall(r"https?://[^\s'\")]+", path.read_text())) - {"http://www.w3.org/2000/svg"}
            assert urls == set(), f"{path.name} names another origin: {urls}"


def test_modules_import_only_relative_paths():
    for path in (STATIC / "js").rglob("*.js"):
        for spec in re.findall(r"^import .* from '([^']+)';", path.read_text(), re.MULTILINE):
            assert spec.startswith("."), f"{path.name} imports {spec}"
            assert (path.parent / spec).resolve().is_file(), f"{path.name} imports a missing {spec}"


async def test_static_files_are_served_with_their_types_and_nothing_else(client):
    r = await client.get("/dashboard/static/js/api.js")
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/javascript")
    assert "ETag" in r.headers and r.headers["Cache-Control"] == "no-cache"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    again = await client.get("/dashboard/static/js/api.js", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status == 304
    r = await client.get("/dashboard/static/vendor/uplot-1.6.32/uPlot.esm.js")
    assert r.status == 200 and "uPlot" in await r.text()
    for path in (
        "/dashboard/static/../sessions.py",
        "/dashboard/static/%2e%2e/sessions.py",
        "/dashboard/static/vendor/VENDORED.toml",
        "/dashboard/static/pages/today.html",
        "/dashboard/static/nothing.js",
    ):
        assert (await client.get(path)).status == 404, path
    r = await client.get("/favicon.ico")
    assert r.status == 200 and r.headers["Content-Type"].startswith("image/svg+xml")


async def test_the_login_page_is_strict_too(client):
    r = await client.get("/login")
    assert r.status == 200
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert r.headers["X-Frame-Options"] == "DENY" and r.headers["Cache-Control"] == "no-store"
    assert 'name="key"' in await r.text()
