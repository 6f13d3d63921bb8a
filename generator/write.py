"""Write the generated tree atomically.

The new tree is assembled in a temporary sibling folder (the user's own files from the
old folder are carried over, files the previous run generated are not), then swapped in
with one atomic exchange (two renames where that is unsupported). An error at any point
leaves the output folder exactly as it was, and temporary folders left by a killed run
are removed by the next one.
Only files listed in the previous run's manifest are ever pruned.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import sys
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


MAX_NAME_BYTES = 255  # the common file-name limit (ext4, APFS, NTFS)


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder (or not at all)."""
    rel = PurePosixPath(path)
    if not path or rel.is_absolute() or ".." in rel.parts or "\\" in path or "\x00" in path or path.startswith("~"):
        raise GeneratorError(Problem(Location(path), "refusing to write outside the output folder", "this is a generator bug; please report it"))
    if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in rel.parts):
        raise GeneratorError(Problem(Location(path), f"a file name is longer than {MAX_NAME_BYTES} bytes", "this is a generator bug; please report it"))
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
    parent = out.absolute().parent
    if parent.is_dir():
        _remove_stale(parent, out.name)
    if is_up_to_date(out, files):
        return WriteResult(0, [], True)
    if out.is_symlink():
        raise GeneratorError(Problem(Location(str(out)), "the output path is a symbolic link", "point --out at the folder itself"))
    if out.exists() and not out.is_dir():
        raise GeneratorError(Problem(Location(str(out)), "the output path exists and is not a folder", "choose another --out"))
    previous = read_manifest(out)
    if out.is_dir() and not (out / MANIFEST).exists() and any(out.iterdir()):
        raise GeneratorError(
            Problem(Location(str(out)), "the output folder is not empty and was not made by this generator (no .manifest)",
                    "point --out at an empty or new folder, or at a folder this generator wrote")
        )
    tmp = parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        if out.is_dir():
            _copy_user_files(out, tmp, previous, set(files))
        for path, text in sorted(files.items()):
            target = tmp / safe_relative(path)
            if not _link_unchanged(out / path, target, text):
                _write_new(target, text, out / path)
        old = _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    removed = sorted(previous - set(files))
    return WriteResult(len(files), removed, False)


def _link_unchanged(old: Path, target: Path, text: str) -> bool:
    """Put a hard link to the old file in the new tree when the old file already holds
    exactly `text` (most files after an edit): a link costs less than writing the file
    again, and the old tree is deleted after the swap, so the content is not shared with
    anything. Only a plain file is linked (never a link), within the output folder's own
    file system; any failure means the file is written as usual."""
    try:
        status = os.lstat(old)
        if not stat.S_ISREG(status.st_mode) or status.st_nlink != 1:
            return False  # a link, or a file the user has linked elsewhere
        data = text.encode("utf-8")
        if status.st_size != len(data) or old.read_bytes() != data:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(old, target, follow_symlinks=False)
        return True
    except OSError:
        return False


def _write_new(target: Path, text: str, shown: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL|O_NOFOLLOW: never write through a link or into a file that is already there
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with open(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise GeneratorError(Problem(Location(str(shown)), f"cannot write this file: {exc.strerror or exc}",
                                     "a file or folder of yours is in the way, or the disk is full or read-only")) from None


def _swap(new: Path, out: Path) -> Path | None:
    """Put the tree `new` where `out` is; return where the old tree now is (to delete).

    On Linux the two are exchanged in one atomic step (renameat2 RENAME_EXCHANGE), so at
    every instant `out` is the old tree or the new one, even if the process is killed.
    Elsewhere two renames are used, and the first is undone if the second fails."""
    try:
        if not out.exists():
            os.replace(new, out)
            return None
        if _exchange(new, out):
            return new
        backup = new.with_name(new.name.replace(".tmp-", ".old-"))
        os.replace(out, backup)
        try:
            os.replace(new, out)
        except BaseException:
            os.replace(backup, out)
            raise
        return backup
    except OSError as exc:
        raise GeneratorError(Problem(Location(str(out)), f"cannot put the new files in place: {exc.strerror or exc}",
                                     "check that the folder and its parent are writable; nothing was changed")) from None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no such libc function (old glibc, musl builds)
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(error, os.strerror(error), str(b))


def _copy_user_files(out: Path, tmp: Path, generated: set[str], wanted: set[str]) -> None:
    """Carry the user's own files (anything the previous manifest does not list) over to
    the new tree, symbolic links as links. A link where the new tree needs a folder or a
    file is refused: writing through it could land outside the output folder."""
    needed = {str(PurePosixPath(p).parents[i]) for p in wanted for i in range(len(PurePosixPath(p).parts) - 1)} | wanted
    for dirpath, dirnames, filenames in os.walk(out):
        rel_dir = Path(dirpath).relative_to(out)
        links = [d for d in dirnames if (Path(dirpath) / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if d not in CACHE_DIRS and d not in links)
        for name in sorted(filenames) + sorted(links):
            rel = (rel_dir / name).as_posix()
            if rel in generated or rel == MANIFEST:
                continue
            source = Path(dirpath) / name
            target = tmp / rel
            if source.is_symlink() and rel in needed:
                raise GeneratorError(Problem(Location(str(source)), "a symbolic link sits where the generator writes",
                                             "remove the link; the generator never writes through links"))
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            else:
                shutil.copy2(source, target, follow_symlinks=False)


def _remove_stale(parent: Path, name: str) -> None:
    """Remove temporary folders that a killed run of ours left beside the output (the
    process id in their name is no longer running); a live run's folder is left alone."""
    for stale in list(parent.glob(f".{name}.tmp-*")) + list(parent.glob(f".{name}.old-*")):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or stale.is_symlink() or not stale.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(stale, ignore_errors=True)
        except PermissionError:  # alive, owned by someone else
            continue
