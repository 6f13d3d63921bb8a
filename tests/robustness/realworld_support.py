"""Helpers for the real-world tests: generate a spec in-process through the CLI's main()
(the same exit codes and messages a user sees) in a project root of its own."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.__main__ import main


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    out: Path
    spec: Path

    @property
    def warnings(self) -> list[str]:
        return [line.removeprefix("warning: ") for line in self.stderr.splitlines() if line.startswith("warning: ")]

    @property
    def errors(self) -> list[str]:
        return [line.removeprefix("error: ") for line in self.stderr.splitlines() if line.startswith("error: ")]

    def files(self) -> dict[str, str]:
        return {p.relative_to(self.out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(self.out.rglob("*")) if p.is_file()}


def generate(tmp_path: Path, spec: Any, *flags: str, pyproject: str = "", yaml_text: bool = False, name: str = "", cache: bool = False) -> Result:
    """Write `spec` (as JSON, or YAML with yaml_text) and run `generate` on it (with no cache unless `cache`)."""
    root = tmp_path / (name or "project")
    root.mkdir(parents=True, exist_ok=True)
    if pyproject:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    path = root / ("openapi.yaml" if yaml_text else "openapi.json")
    if isinstance(spec, str):
        path.write_text(spec, encoding="utf-8")
    elif yaml_text:
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    else:
        path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    out = root / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["generate", "--spec", str(path), "--out", str(out), "--project-root", str(root), *(() if cache else ("--no-cache",)), *flags])
    return Result(code, stdout.getvalue(), stderr.getvalue(), out, path)


def package_of(result: Result) -> tuple[Path, str]:
    """(client folder, package name) of a generated client."""
    client_dir = result.out / "python"
    packages = [p.name for p in client_dir.iterdir() if (p / "__init__.py").is_file()]
    assert len(packages) == 1, packages
    return client_dir, packages[0]
