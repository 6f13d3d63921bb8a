"""A content-addressed disk cache for the expensive pure stages (validation verdicts,
model rendering, black formatting).

Keys are hashes of everything the result depends on (input text, tool versions, our
templates), so a hit returns exactly what the stage would compute: the cache changes
speed, never output. It is the one place besides load/write/check that touches the disk,
and every failure to read or write it is ignored (the stage just runs).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    @staticmethod
    def key(*parts: str | bytes) -> str:
        digest = hashlib.sha256()
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
        if self.root is None:
            return
        folder = self.root / kind / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(tmp, folder / key)
        except OSError:
            pass


NO_CACHE = Cache(None)
