"""Drift check: compare what the generator makes with what is on disk, in memory.

Reports a unified diff per changed file, the files that should exist but do not, and
the files under the output folder that the generator no longer makes. Writes nothing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .errors import Drift
from .write import CACHE_DIRS


def compare(out: Path, files: dict[str, str]) -> Drift:
    drift = Drift()
    for path, text in sorted(files.items()):
        target = out / path
        if not target.is_file():
            drift.missing.append(path)
            continue
        current = target.read_bytes().decode("utf-8", errors="replace")
        if current != text:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"a/{path} (on disk)", tofile=f"b/{path} (generated)",
            )
            drift.changed[path] = "".join(diff)
    if out.is_dir():
        for dirpath, dirnames, filenames in os.walk(out):
            dirnames[:] = sorted(d for d in dirnames if d not in CACHE_DIRS)
            for name in sorted(filenames):
                rel = (Path(dirpath) / name).relative_to(out).as_posix()
                if rel not in files and not name.endswith((".pyc",)):
                    drift.extra.append(rel)
    return drift
