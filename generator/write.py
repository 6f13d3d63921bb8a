"""Write the generated tree atomically.

The new tree is assembled in a temporary sibling folder (the user's own files from the
old folder are carried over, files the previous run generated are not), then swapped in
with two renames. An error at any point leaves the output folder exactly as it was.
Only files listed in the previous run's manifest are ever pruned.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import GeneratorError, Location, Problem
from .pipeline import MANIFEST

CACHE_DIRS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


@dataclass
class WriteResult:
    written: int
    removed: list[str]
    unchanged: bool


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder."""
    rel = PurePosixPath(path)
    if not path or rel.is_absolute() or ".." in rel.parts or "\\" in path or "\x00" in path or path.startswith("~"):
        raise GeneratorError(Problem(Location(path), "refusing to write outside the output folder", "this is a generator bug; please report it"))
    return rel


def read_manifest(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if not manifest.is_file():
        return set()
    lines = manifest.read_text(encoding="utf-8").splitlines()[1:]
    return {line for line in lines if line and _is_safe(line)}


def _is_safe(path: str) -> bool:
    try:
        safe_relative(path)
    except GeneratorError:
        return False
    return True


def is_up_to_date(out: Path, files: dict[str, str]) -> bool:
    if read_manifest(out) | {MANIFEST} != set(files):
        return False
    for path, text in files.items():
        target = out / path
        try:
            if target.read_bytes() != text.encode("utf-8"):
                return False
        except OSError:
            return False
    return True


def write_tree(out: Path, files: dict[str, str]) -> WriteResult:
    for path in files:
        safe_relative(path)
    if is_up_to_date(out, files):
        return WriteResult(0, [], True)
    if out.exists() and not out.is_dir():
        raise GeneratorError(Problem(Location(str(out)), "the output path exists and is not a folder", "choose another --out"))
    previous = read_manifest(out)
    if out.is_dir() and not (out / MANIFEST).exists() and any(out.iterdir()):
        raise GeneratorError(
            Problem(Location(str(out)), "the output folder is not empty and was not made by this generator (no .manifest)",
                    "point --out at an empty or new folder, or at a folder this generator wrote")
        )
    parent = out.resolve().parent
    tmp = parent / f".{out.name}.tmp-{os.getpid()}"
    backup = parent / f".{out.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        if out.is_dir():
            _copy_user_files(out, tmp, previous)
        for path, text in sorted(files.items()):
            target = tmp / safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        if out.exists():
            os.replace(out, backup)
        try:
            os.replace(tmp, out)
        except BaseException:
            if backup.exists() and not out.exists():
                os.replace(backup, out)
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(backup, ignore_errors=True)
    removed = sorted(previous - set(files))
    return WriteResult(len(files), removed, False)


def _copy_user_files(out: Path, tmp: Path, generated: set[str]) -> None:
    tmp.mkdir(parents=True)
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames[:] = sorted(d for d in dirnames if d not in CACHE_DIRS)
        rel_dir = Path(dirpath).relative_to(out)
        for name in filenames:
            rel = (rel_dir / name).as_posix()
            if rel in generated or rel == MANIFEST:
                continue
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(Path(dirpath) / name, target)
