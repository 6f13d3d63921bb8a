"""A content-addressed disk cache for the expensive pure stages (validation verdicts,
model rendering, black formatting).

Every key hashes the stage's own inputs *and* the fingerprint of everything that can change
any stage's result: the source of the whole generator package, every template file, the
Python version, and the name and version of every installed distribution. So a hit returns
exactly what the stage would compute now: editing any generator module or template, or
upgrading any library, misses the cache. The cache changes speed, never output. It is the
one place besides load/write/check that touches the disk, and every failure to read or
write it is ignored (the stage just runs).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent
TEMPLATES = GENERATOR.parent / "templates"


def code_files(generator: Path = GENERATOR, templates: Path = TEMPLATES) -> list[Path]:
    """Every file whose content can change generated output: all generator sources and
    every template (verbatim runtime files included), in a stable order."""
    found = [p for p in generator.rglob("*.py") if "__pycache__" not in p.parts]
    found += [p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(found)


def installed_distributions(path_entries: Iterable[str]) -> list[str]:
    """Names of the `*.dist-info` / `*.egg-info` folders on the import path: they carry
    each installed distribution's name and version. Listing folders is ~1 ms, where asking
    importlib.metadata for every distribution costs tens of milliseconds."""
    names: set[str] = set()
    for entry in path_entries:
        try:
            with os.scandir(entry or ".") as listing:
                names.update(e.name for e in listing if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return sorted(names)


def fingerprint(files: Iterable[Path], distributions: Iterable[str], python: str) -> str:
    digest = hashlib.sha256(python.encode())
    for path in files:
        digest.update(path.as_posix().encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"<unreadable>")
    for name in distributions:
        digest.update(name.encode() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def current_fingerprint() -> str:
    """The fingerprint of this process's generator, templates and libraries (once per process)."""
    return fingerprint(code_files(), installed_distributions(sys.path), sys.version)


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    @staticmethod
    def key(*parts: str | bytes) -> str:
        digest = hashlib.sha256(current_fingerprint().encode())
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, kind: str, key: str) -> str | None:
        if self.root is None:
            return None
        try:
            return (self.root / kind / key[:2] / key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, kind: str, key: str, text: str) -> None:
        self.put_bytes(kind, key, text.encode("utf-8"))

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        if self.root is None:
            return None
        try:
            return (self.root / kind / key[:2] / key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        if self.root is None:
            return
        folder = self.root / kind / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / key)
        except OSError:
            pass


NO_CACHE = Cache(None)
