"""openapi-spec-validator runs in a forked child beside generation: the result (files or
the error) must be exactly what running it first would give."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.background import Pending, Ready
from generator.errors import SpecValidationError
from generator.load import load
from generator.validate import validate

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "golden" / "minimal" / "spec.yaml"


def run(*args: str, fork: bool) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("GENERATOR_NO_FORK", None)
    if not fork:
        env["GENERATOR_NO_FORK"] = "1"
    return subprocess.run([sys.executable, "-m", "generator", *args, "--no-cache"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _boom(message: str) -> None:
    raise ValueError(message)


def test_pending_returns_the_value_and_raises_the_error_in_the_caller() -> None:
    assert Pending(sorted, [3, 1, 2]).result() == [1, 2, 3]
    with pytest.raises(ValueError, match="from the child"):
        Pending(_boom, "from the child").result()
    assert Pending(os.getpid).result() != os.getpid(), "the function should run in another process"


_PREPARED: list[str] = []


def _prepare() -> None:
    _PREPARED.append("ready")  # in the child only: the caller's list stays empty


def _prepared_and(value: int) -> tuple[list[str], int, int]:
    return list(_PREPARED), value * 2, os.getpid()


def _prepare_fails() -> None:
    raise RuntimeError("warm-up failed")


def test_ready_prepares_before_the_arguments_exist_and_runs_on_them_later() -> None:
    ready = Ready(_prepared_and, _prepare)
    prepared, doubled, pid = ready.start(21).result()
    assert (prepared, doubled) == (["ready"], 42) and pid != os.getpid()
    assert _PREPARED == []
    ready.cancel()  # after start: nothing left to end


def test_ready_reports_the_error_and_survives_a_failed_warm_up() -> None:
    with pytest.raises(ValueError, match="from the child"):
        Ready(_boom, _prepare).start("from the child").result()
    assert Ready(_prepared_and, _prepare_fails).start(1).result()[:2] == ([], 2)


def test_a_cancelled_ready_child_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    ready = Ready(_prepared_and, _prepare)
    process = ready._process
    ready.cancel()
    assert process is not None and not process.is_alive()
    monkeypatch.setenv("GENERATOR_NO_FORK", "1")
    assert Ready(_prepared_and, _prepare).start(2).result()[1:] == (4, os.getpid())  # no fork: runs here


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("schema: {type: integer}", "schema: {type: integr}"),  # only the validator sees this
        ("summary: Get one widget", "summary: [not, a, string]"),
    ],
)
def test_a_deferred_check_reports_what_an_immediate_one_does(tmp_path: Path, old: str, new: str) -> None:
    text = MINIMAL.read_text()
    assert old in text
    spec = tmp_path / "spec.yaml"
    spec.write_text(text.replace(old, new))
    forked = run("generate", "--spec", str(spec), "--out", str(tmp_path / "a"), fork=True)
    inline = run("generate", "--spec", str(spec), "--out", str(tmp_path / "b"), fork=False)
    assert forked.returncode == inline.returncode == 1
    assert forked.stderr == inline.stderr
    assert "Traceback" not in forked.stderr
    assert not (tmp_path / "a").exists()
    with pytest.raises(SpecValidationError) as undeferred:
        validate(load(spec))
    assert str(undeferred.value).splitlines()[0] in forked.stderr


def test_a_deferred_check_leaves_the_output_byte_for_byte(tmp_path: Path) -> None:
    forked = run("generate", "--spec", str(MINIMAL), "--out", str(tmp_path / "a"), fork=True)
    inline = run("generate", "--spec", str(MINIMAL), "--out", str(tmp_path / "b"), fork=False)
    assert forked.returncode == inline.returncode == 0, forked.stderr + inline.stderr

    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    assert tree(tmp_path / "a") == tree(tmp_path / "b")
