"""Download the pinned third-party browser files from the npm registry.

Every file the web app serves from `static/vendor/` (and axe-core, which only
the browser tests inject) comes from a pinned npm package version. This script
fetches each tarball, checks it against the registry's published integrity
hash, copies the named files out and rewrites the manifests with each file's
sha256. Installing or running Spotter needs neither Node nor this script: the
files are committed; run it only to change a pin.

    python scripts/refresh_vendor.py            # fetch and rewrite
    python scripts/refresh_vendor.py --check    # only verify the committed files
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGISTRY = "https://registry.npmjs.org"
APP_VENDOR = REPO / "src" / "spotter" / "web" / "static" / "vendor"
TEST_VENDOR = REPO / "tests" / "web" / "vendor"


@dataclass(frozen=True)
class Pin:
    package: str
    version: str
    licence: str
    # path inside the package tarball -> path under the destination folder
    files: dict[str, str]
    destination: Path = APP_VENDOR


PINS = [
    # htmx 2.0.x: 4.x changed its APIs.
    Pin("htmx.org", "2.0.11", "0BSD", {"dist/htmx.min.js": "htmx/htmx.min.js"}),
    # The CSP build: no eval, so it runs under a strict Content-Security-Policy.
    Pin("@alpinejs/csp", "3.17.4", "MIT", {"dist/cdn.min.js": "alpine/alpine-csp.min.js"}),
    Pin(
        "uplot",
        "1.6.32",
        "MIT",
        {
            "dist/uPlot.iife.min.js": "uplot/uPlot.iife.min.js",
            "dist/uPlot.min.css": "uplot/uPlot.min.css",
        },
    ),
    Pin(
        "@fontsource/noto-sans-thai",
        "5.3.0",
        "OFL-1.1",
        {
            f"files/noto-sans-thai-{subset}-{weight}-normal.woff2": (
                f"fonts/noto-sans-thai-{subset}-{weight}-normal.woff2"
            )
            for subset in ("thai", "latin")
            for weight in (400, 700)
        },
    ),
    Pin(
        "swagger-ui-dist",
        "5.35.0",
        "Apache-2.0",
        {
            "swagger-ui-bundle.js": "swagger-ui/swagger-ui-bundle.js",
            "swagger-ui.css": "swagger-ui/swagger-ui.css",
            "favicon-32x32.png": "swagger-ui/favicon-32x32.png",
        },
    ),
    Pin("redoc", "2.5.2", "MIT", {"bundles/redoc.standalone.js": "redoc/redoc.standalone.js"}),
    Pin("axe-core", "4.14.1", "MPL-2.0", {"axe.min.js": "axe.min.js"}, TEST_VENDOR),
]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _get(url: str) -> bytes:
    if not url.startswith(REGISTRY + "/"):
        raise SystemExit(f"refusing to fetch from outside the npm registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https, fixed host)
        return bytes(response.read())


def _tarball(pin: Pin) -> tuple[bytes, str]:
    meta = json.loads(_get(f"{REGISTRY}/{pin.package}/{pin.version}"))
    url: str = meta["dist"]["tarball"]
    data = _get(url)
    algorithm, _, expected = meta["dist"]["integrity"].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{pin.package}@{pin.version}: tarball integrity mismatch")
    return data, url


def _licence_text(archive: tarfile.TarFile) -> bytes | None:
    for name in ("package/LICENSE", "package/LICENSE.md", "package/LICENSE.txt"):
        try:
            member = archive.extractfile(name)
        except KeyError:
            continue
        if member is not None:
            return member.read()
    return None


def refresh() -> None:
    manifests: dict[Path, list[dict[str, str]]] = {APP_VENDOR: [], TEST_VENDOR: []}
    for pin in PINS:
        print(f"{pin.package}@{pin.version}")
        data, url = _tarball(pin)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for source, target in pin.files.items():
                member = archive.extractfile(f"package/{source}")
                if member is None:
                    raise SystemExit(f"{pin.package}: {source} is not a file")
                path = pin.destination / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(member.read())
                manifests[pin.destination].append(
                    {
                        "name": pin.package,
                        "version": pin.version,
                        "file": target,
                        "sha256": sha256_of(path),
                        "licence": pin.licence,
                        "source": f"{url}#package/{source}",
                    }
                )
            licence = _licence_text(archive)
            if licence is not None:
                slug = pin.package.replace("@", "").replace("/", "-")
                (pin.destination / "licences").mkdir(parents=True, exist_ok=True)
                (pin.destination / "licences" / f"{slug}.txt").write_bytes(licence)
    for folder, entries in manifests.items():
        text = json.dumps({"files": entries}, indent=2, ensure_ascii=False) + "\n"
        (folder / "manifest.json").write_text(text, encoding="utf-8")


def check() -> int:
    """Exit status 1 when a committed file differs from its manifest entry."""
    bad = 0
    for folder in (APP_VENDOR, TEST_VENDOR):
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            path = folder / entry["file"]
            if not path.is_file() or sha256_of(path) != entry["sha256"]:
                print(f"mismatch: {path}", file=sys.stderr)
                bad += 1
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify the committed files")
    if parser.parse_args().check:
        return check()
    refresh()
    return check()


if __name__ == "__main__":
    sys.exit(main())
