"""Safe output: generation is atomic, writes nothing outside the output folder, and prunes
only files its own manifest lists.

Failures are simulated in process (a stage or a file-system call raising at a chosen
moment); the output folder is then compared byte for byte with a snapshot, and the parent
folder is checked for leftover temporary folders.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.pipeline
import generator.write
from generator.__main__ import main
from generator.errors import GeneratorError
from generator.pipeline import MANIFEST
from generator.write import safe_relative, write_tree

from .support import PYTHON, minimal_spec, write_spec


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: file bytes, or the target of a symbolic link."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = f"-> {os.readlink(path)}"
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def spec_with_tags(*tags: str) -> dict[str, Any]:
    spec = minimal_spec()
    spec["paths"] = {
        f"/r{i}": {"get": {"operationId": f"op{i}", "tags": [tag], "responses": {"204": {"description": "ok"}}}}
        for i, tag in enumerate(tags)
    }
    return spec


def generate(spec: Path, out: Path) -> int:
    return main(["generate", "--spec", str(spec), "--out", str(out), "--package-name", "safe_client", "--no-cache", "-q",
                 "--project-root", str(spec.parent)])


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path]:
    """(spec path, output folder) with a first generation done and a user file added."""
    spec = write_spec(tmp_path / "spec", spec_with_tags("Pets", "Stores"))
    out = tmp_path / "work" / "out"
    assert generate(spec, out) == 0
    (out / "python" / "NOTES.txt").write_text("mine\n", encoding="utf-8")
    return spec, out


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# -- atomic -----------------------------------------------------------------------------------------
def _raise_in(target: Any, name: str, error: BaseException, after: int = 0, times: int = 10**9,
              when: Callable[..., bool] = lambda *a, **k: True) -> Callable[[pytest.MonkeyPatch], None]:
    """A patch making `target.name` raise `error` on the calls after the first `after`
    matching ones (`when`), `times` times; other calls go through."""

    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        original = getattr(target, name)
        state = {"seen": 0, "raised": 0}

        def failing(*args: Any, **kwargs: Any) -> Any:
            if when(*args, **kwargs):
                state["seen"] += 1
                if state["seen"] > after and state["raised"] < times:
                    state["raised"] += 1
                    raise error
            return original(*args, **kwargs)

        monkeypatch.setattr(target, name, failing)

    return patch


def _creating(path: Any, flags: int, *args: Any, **kwargs: Any) -> bool:
    return bool(flags & os.O_CREAT)  # the writer's own file creations, not shutil's reads


def _no_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.write, "_exchange", lambda a, b: False)


def _both(*patches: Callable[[pytest.MonkeyPatch], None]) -> Callable[[pytest.MonkeyPatch], None]:
    return lambda monkeypatch: [patch(monkeypatch) for patch in patches] and None


FAILURES = {
    "render-raises": (_raise_in(generator.pipeline, "render", RuntimeError("boom in render")), 3),
    "format-raises": (_raise_in(generator.pipeline, "format_files", RuntimeError("boom in format")), 3),
    "disk-full-mid-write": (_raise_in(generator.write.os, "open", OSError(errno.ENOSPC, "No space left on device"), after=5, when=_creating), 1),
    "interrupted-mid-write": (_raise_in(generator.write.os, "open", KeyboardInterrupt(), after=3, when=_creating), 130),
    "exchange-fails": (_raise_in(generator.write, "_exchange", OSError(errno.EIO, "Input/output error")), 1),
    "second-rename-fails": (_both(_no_exchange, _raise_in(generator.write.os, "replace", OSError(errno.EXDEV, "Invalid cross-device link"), after=1, times=1)), 1),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failure_mid_way_leaves_the_output_exactly_as_it_was(
    failure: str, project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, out = project
    before = snapshot(out)
    write_spec(spec.parent, spec_with_tags("Pets", "Owners"))  # the next run would change files
    patch, code = FAILURES[failure]
    patch(monkeypatch)

    assert generate(spec, out) == code
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert "Traceback" not in capsys.readouterr().err


def test_the_same_run_without_the_failure_succeeds(project: tuple[Path, Path]) -> None:
    """The control for the test above: the change it blocks does happen when nothing fails."""
    spec, out = project
    write_spec(spec.parent, spec_with_tags("Pets", "Owners"))
    assert generate(spec, out) == 0
    modules = sorted(p.name for p in (out / "python" / "safe_client" / "resources").glob("*.py"))
    assert modules == ["__init__.py", "owners.py", "pets.py"]
    assert leftovers(out) == []


def test_a_killed_run_leaves_nothing_that_the_next_run_keeps(project: tuple[Path, Path]) -> None:
    """A run killed with SIGKILL mid-way cannot clean up; its temporary folder carries its
    process id, and the next run removes it (but never one of a live process)."""
    spec, out = project
    before = snapshot(out)
    dead = subprocess.run([PYTHON, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale = out.parent / f".{out.name}.tmp-{dead.stdout.strip()}"
    (stale / "python").mkdir(parents=True)
    (stale / "python" / "half-written.py").write_text("x = (", encoding="utf-8")
    live = out.parent / f".{out.name}.tmp-{os.getppid()}"  # pytest's parent process is alive
    live.mkdir()
    assert generate(spec, out) == 0
    assert not stale.exists() and live.is_dir()
    assert snapshot(out) == before  # same spec: same files, user file kept
    live.rmdir()


# -- nothing outside ------------------------------------------------------------------------------
HOSTILE_TAGS = ["../../evil", "/etc/x", "..", ".", "a/b/c", "C:\\Windows\\x", "~root", "con", "x" * 300, "\u2028", "__init__"]


def test_tag_names_with_paths_become_safe_modules_inside_the_output(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", spec_with_tags(*HOSTILE_TAGS))
    work = tmp_path / "work"
    out = work / "out"
    assert generate(spec, out) == 0
    assert sorted(p.name for p in work.iterdir()) == ["out"]  # nothing beside the output folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec", "work"]
    root = out.resolve()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(root)
        assert len(path.name.encode()) <= 255
    manifest = (out / MANIFEST).read_text(encoding="utf-8").splitlines()[1:]
    assert all(not p.startswith("/") and ".." not in p.split("/") for p in manifest)
    modules = sorted(p.stem for p in (out / "python" / "safe_client" / "resources").glob("*.py"))
    assert len(modules) == len(HOSTILE_TAGS) + 1 and all(m.isidentifier() for m in modules)
    sys.path.insert(0, str(out / "python"))
    try:
        import importlib

        import safe_client  # noqa: F401 - importing every resource below proves the names work

        for module in modules:
            importlib.import_module(f"safe_client.resources.{module}")
    finally:
        sys.path.remove(str(out / "python"))
        for name in [n for n in sys.modules if n.split(".")[0] == "safe_client"]:
            del sys.modules[name]


@pytest.mark.parametrize("path", ["../escape.py", "/etc/passwd", "a/../../b", "~/x", "a\\..\\b", "nul\x00.py", "x" * 300 + ".py", ""])
def test_write_tree_refuses_paths_that_leave_the_folder(path: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(GeneratorError):
        write_tree(out, {"ok.txt": "fine\n", path: "evil\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with pytest.raises(GeneratorError):
        safe_relative(path)


def test_a_spec_file_name_cannot_break_out_of_the_header_comment(tmp_path: Path) -> None:
    folder = tmp_path / "spec"
    spec = write_spec(folder, spec_with_tags("Pets"), name="evil\nimport os; os.system('echo pwned') #.json")
    out = tmp_path / "out"
    assert generate(spec, out) == 0
    firsts = [path.read_text(encoding="utf-8").split("\n", 1)[0] for path in (out / "python").rglob("*.py")]
    assert all(first.startswith("# Generated from ") for first in firsts)
    assert any("import os; os.system" in first for first in firsts)  # the name is carried, inside the comment
    proc = subprocess.run([PYTHON, "-c", "import safe_client._client, safe_client.types"], cwd=out / "python",
                          capture_output=True, check=False, text=True, env={**os.environ, "PYTHONPATH": str(out / "python")})
    assert proc.returncode == 0 and "pwned" not in proc.stdout, proc.stderr


def test_an_output_folder_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", spec_with_tags("Pets"))
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "out"
    link.symlink_to(real)
    assert generate(spec, link) == 1
    assert list(real.iterdir()) == []


def test_a_symlink_where_the_generator_writes_is_refused(project: tuple[Path, Path], tmp_path: Path) -> None:
    """A link placed at a generated folder could redirect writes outside; the run stops."""
    spec, out = project
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = out / "docs"
    backup = tmp_path / "docs-backup"
    docs.rename(backup)
    docs.symlink_to(outside, target_is_directory=True)
    before = snapshot(out)
    assert generate(spec, out) == 1
    assert list(outside.iterdir()) == [] and snapshot(out) == before


# -- pruning ------------------------------------------------------------------------------------------
def test_pruning_removes_only_files_the_previous_run_generated(project: tuple[Path, Path], tmp_path: Path) -> None:
    spec, out = project
    sibling = out.parent / "sibling.txt"
    sibling.write_text("beside the output\n", encoding="utf-8")
    (out / "user_dir").mkdir()
    (out / "user_dir" / "data.json").write_text("{}\n", encoding="utf-8")
    (out / "python" / "notes-link").symlink_to("NOTES.txt")
    old_module = out / "python" / "safe_client" / "resources" / "stores.py"
    assert old_module.is_file()

    write_spec(spec.parent, spec_with_tags("Pets"))  # the Stores tag is gone
    assert generate(spec, out) == 0

    assert not old_module.exists()
    assert (out / "python" / "NOTES.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "user_dir" / "data.json").read_text(encoding="utf-8") == "{}\n"
    assert os.readlink(out / "python" / "notes-link") == "NOTES.txt"
    assert sibling.read_text(encoding="utf-8") == "beside the output\n"
    listed = set((out / MANIFEST).read_text(encoding="utf-8").splitlines()[1:])
    assert "python/safe_client/resources/stores.py" not in listed and "python/NOTES.txt" not in listed


def test_a_tampered_manifest_cannot_reach_outside(project: tuple[Path, Path]) -> None:
    spec, out = project
    victim = out.parent / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    manifest = out / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"../victim.txt\n{victim}\n../../etc/passwd\n", encoding="utf-8")
    write_spec(spec.parent, spec_with_tags("Pets", "Owners"))
    assert generate(spec, out) == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_user_file_in_the_way_of_a_new_generated_file_stops_the_run(project: tuple[Path, Path]) -> None:
    """A file the user made where the generator now wants to write is not overwritten."""
    spec, out = project
    mine = out / "python" / "safe_client" / "resources" / "owners.py"
    mine.write_text("# my own module\n", encoding="utf-8")
    before = snapshot(out)
    write_spec(spec.parent, spec_with_tags("Pets", "Owners"))
    assert generate(spec, out) == 1
    assert snapshot(out) == before and leftovers(out) == []


def test_a_folder_not_made_by_the_generator_is_refused(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", spec_with_tags("Pets"))
    out = tmp_path / "someone-elses"
    out.mkdir()
    (out / "important.txt").write_text("data\n", encoding="utf-8")
    assert generate(spec, out) == 1
    assert snapshot(out) == {"important.txt": b"data\n"}


def test_unchanged_files_are_linked_into_the_new_tree_and_changed_ones_written(tmp_path: Path) -> None:
    """write_tree hard-links a file whose text is unchanged instead of writing it again; the
    new tree holds exactly the new texts, and an edited, linked-elsewhere or symlinked old
    file is never linked."""
    out = tmp_path / "out"
    files = {MANIFEST: "# m\na.txt\nb.txt\nc.txt\nd.txt\n", "a.txt": "same\n", "b.txt": "old\n", "c.txt": "shared\n", "d.txt": "x\n"}
    write_tree(out, files)
    inode_a = (out / "a.txt").stat().st_ino
    os.link(out / "c.txt", tmp_path / "elsewhere.txt")  # the user keeps a hard link to it
    (out / "d.txt").unlink()
    (out / "d.txt").symlink_to(tmp_path / "elsewhere.txt")
    write_tree(out, {**files, "b.txt": "new\n", MANIFEST: files[MANIFEST] + "# again\n"})
    assert (out / "a.txt").stat().st_ino == inode_a and (out / "a.txt").stat().st_nlink == 1
    assert (out / "b.txt").read_text() == "new\n"
    assert (out / "c.txt").stat().st_ino != (tmp_path / "elsewhere.txt").stat().st_ino
    assert not (out / "d.txt").is_symlink() and (out / "d.txt").read_text() == "x\n"
    assert {p.name: p.read_text() for p in out.iterdir()} == {**files, "b.txt": "new\n", MANIFEST: files[MANIFEST] + "# again\n"}
