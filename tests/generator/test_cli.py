"""The CLI end to end, as a user runs it: exit codes, located messages, no tracebacks,
an output folder left exactly as it was on error, and drift reported with a diff."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "golden" / "minimal" / "spec.yaml"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    result = run("generate", "--spec", str(MINIMAL), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "generate" in result.stdout and "check" in result.stdout and "Exit codes" in result.stdout


def test_second_run_changes_nothing(out: Path) -> None:
    before = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run("generate", "--spec", str(MINIMAL), "--out", str(out))
    assert result.returncode == 0 and "unchanged" in result.stdout
    assert snapshot(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "file not found"),
        ("openapi: 3.0.3\ninfo: [unclosed\n", "invalid YAML"),
        ("openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: {}\n", "/paths/~1a/get/responses"),
        ("just a string\n", "not a mapping"),
        ("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", "not supported"),
    ],
    ids=["missing", "bad-yaml", "invalid-openapi", "scalar", "swagger2"],
)
def test_bad_input_is_one_located_message_and_leaves_output_alone(out: Path, tmp_path: Path, content: str | None, expected: str) -> None:
    spec = tmp_path / "bad.yaml"
    if content is not None:
        spec.write_text(content)
    before = snapshot(out)
    result = run("generate", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 1
    assert expected in result.stderr
    assert str(spec) in result.stderr  # names the file
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before
    assert not list(out.parent.glob(".out.*")), "temporary folders left behind"


def test_yaml_error_names_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.0.3\ninfo:\n  title: x\n   version: 1\n")
    result = run("generate", "--spec", str(spec), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert f"{spec}:4" in result.stderr
    assert "hint:" in result.stderr


def test_validation_error_names_pointer_and_line(tmp_path: Path) -> None:
    text = MINIMAL.read_text().replace("schema: {type: integer}", "schema: {type: integr}")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    result = run("generate", "--spec", str(spec), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "#/paths/~1v1~1widgets~1/get/parameters/0" in result.stderr
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "integr" in l)
    assert f"{spec}:{line}" in result.stderr
    assert not (tmp_path / "o").exists()


def test_drift_exits_2_with_a_diff_showing_the_change(out: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(MINIMAL.read_text().replace("summary: Get one widget", "summary: Fetch one widget"))
    result = run("check", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert "-        \"\"\"Get one widget" in result.stdout
    assert "+        \"\"\"Fetch one widget" in result.stdout
    assert "drift:" in result.stderr


def test_check_reports_missing_and_extra_files(out: Path) -> None:
    (out / "python" / "README.md").unlink()
    (out / "python" / "stray.txt").write_text("x")
    result = run("check", "--spec", str(MINIMAL), "--out", str(out))
    assert result.returncode == 2
    assert "missing: python/README.md" in result.stdout
    assert "extra: python/stray.txt" in result.stdout


def test_user_files_survive_and_orphans_are_pruned(out: Path, tmp_path: Path) -> None:
    assert (out / "python" / "datarobot_models_client" / "resources" / "widgets.py").is_file()
    (out / "NOTES.md").write_text("mine")
    spec = tmp_path / "spec.yaml"
    spec.write_text(MINIMAL.read_text().replace("tags: [Widgets]", "tags: [Gadgets]").replace("- name: Widgets", "- name: Gadgets"))
    result = run("generate", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "NOTES.md").read_text() == "mine"
    resources = out / "python" / "datarobot_models_client" / "resources"
    assert (resources / "gadgets.py").is_file()
    assert not (resources / "widgets.py").exists(), "a file the generator no longer makes was not pruned"


def test_refuses_a_foreign_non_empty_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep")
    result = run("generate", "--spec", str(MINIMAL), "--out", str(foreign))
    assert result.returncode == 1
    assert "not made by this generator" in result.stderr
    assert (foreign / "important.txt").read_text() == "keep"
    assert sorted(p.name for p in foreign.iterdir()) == ["important.txt"]


def test_bad_config_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.generator]\npackage_name = 'not-an-identifier'\nsurprise = 1\n")
    result = run("generate", "--project-root", str(tmp_path), "--spec", str(MINIMAL), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "unknown setting(s): surprise" in result.stderr


def test_repository_has_no_drift() -> None:
    """CI's drift check: generated/ is exactly what the generator makes of spec/."""
    result = run("check")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_works_from_another_directory(tmp_path: Path) -> None:
    shutil.copy(MINIMAL, tmp_path / "spec.yaml")
    result = run("generate", "--spec", "spec.yaml", "--out", "out", "--project-root", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / ".manifest").is_file()
