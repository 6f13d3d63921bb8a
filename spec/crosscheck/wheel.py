"""Fetch the SDK wheel (once) and read its Python sources as text; never import them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SDK_DISTRIBUTION = "datarobot"
SDK_VERSION = "3.20.0"
WHEEL_NAME = f"{SDK_DISTRIBUTION}-{SDK_VERSION}-py3-none-any.whl"
PACKAGE = "datarobot/"
SKIPPED = ("datarobot/_vendor/",)


class WheelError(Exception):
    """The wheel could not be downloaded or read (message says what to do)."""


def ensure_wheel(cache_dir: Path, *, offline: bool = False) -> Path:
    """The cached wheel, downloaded with pip (no dependencies) when it is not there yet."""
    wheel = cache_dir / WHEEL_NAME
    if wheel.is_file():
        return wheel
    if offline:
        raise WheelError(f"{wheel} is missing and --offline was given; run `make crosscheck` once with network access")
    cache_dir.mkdir(parents=True, exist_ok=True)
    # download beside the cache and move into place: concurrent runs never see half a wheel
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--no-deps", "--only-binary=:all:", "--dest", tmp, f"{SDK_DISTRIBUTION}=={SDK_VERSION}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        got = Path(tmp) / WHEEL_NAME
        if proc.returncode != 0 or not got.is_file():
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise WheelError(f"could not download {SDK_DISTRIBUTION}=={SDK_VERSION} from PyPI into {cache_dir}: "
                             + (" / ".join(tail) or f"pip exited {proc.returncode}"))
        os.replace(got, wheel)
    return wheel


def read_sources(wheel: Path) -> dict[str, str]:
    """{path inside the wheel: source text} for every module of the SDK package (vendored code left out)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            return {
                name: archive.read(name).decode("utf-8")
                for name in sorted(archive.namelist())
                if name.startswith(PACKAGE) and name.endswith(".py") and not name.startswith(SKIPPED)
            }
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as e:
        raise WheelError(f"{wheel}: not a readable wheel ({e}); delete it and run again") from e
