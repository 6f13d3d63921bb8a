"""Helpers shared by the robustness tests: run the generator's CLI with limits and
measure it, build small specs, and check what it made (compile, import, mypy) without
polluting this interpreter; start Prism for a spec.

Generated packages are imported in a child interpreter, so many packages with clashing
module names can be checked in one pytest session.
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "tests" / "data" / "specs"
PRISM = REPO / "node_modules" / ".bin" / "prism"
PYTHON = sys.executable

# Hostile inputs must not be able to exhaust the machine: every CLI run below gets these
# hard limits (the OS kills a run that exceeds them, which the tests then report).
CLI_MEMORY_LIMIT = 2 * 1024**3  # address space, bytes
CLI_TIME_LIMIT = 120  # seconds of wall time before the run counts as hung


@dataclass
class Run:
    """One finished CLI run: exit code, output, and what it cost."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float


def _limit_child() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (CLI_MEMORY_LIMIT, CLI_MEMORY_LIMIT))


# `python -m generator`, plus a report of the process's own peak memory. ru_maxrss of a
# child is useless here: Linux carries the forking parent's high-water mark (pytest's,
# ~100+ MB) across exec. VmHWM in /proc/self/status belongs to the new program alone.
_MEASURED_MAIN = textwrap.dedent(
    """
    import os, runpy, sys

    def report_peak():
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
        except OSError:
            import resource
            kib = str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        with open(os.environ["ROBUSTNESS_PEAK_FILE"], "w", encoding="ascii") as out:
            out.write(kib)

    sys.argv[0] = "python -m generator"
    try:
        runpy.run_module("generator", run_name="__main__", alter_sys=True)
    finally:
        report_peak()
    """
)


def run_cli(*args: str | os.PathLike[str], cwd: Path = REPO, timeout: float = CLI_TIME_LIMIT) -> Run:
    """`python -m generator ARGS` in a child process with a memory limit and a timeout;
    returns its exit code, output, wall time and its own peak resident memory."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        env = {k: v for k, v in os.environ.items() if k not in ("GENERATOR_TRACEBACK", "PYTHONDEVMODE", "PYTHONWARNINGS")}
        env.update(PYTHONPATH=str(REPO), ROBUSTNESS_PEAK_FILE=str(peak_file))
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [PYTHON, "-c", _MEASURED_MAIN, *map(str, args)], cwd=cwd, env=env, capture_output=True,
                timeout=timeout, preexec_fn=_limit_child, check=False,
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(f"generator did not finish within {timeout} s: {args}") from None
        seconds = time.perf_counter() - started
        peak = int(peak_file.read_text(encoding="ascii")) / 1024 if peak_file.exists() else float("nan")
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), seconds, peak)


# -- specs ------------------------------------------------------------------------------------
def types_source(package_dir: Path) -> str:
    """The source of a generated package's models: every module of its `types` package."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((package_dir / "types").glob("*.py")))


def load_spec(name: str) -> dict[str, Any]:
    return json.loads((SPECS / name).read_text(encoding="utf-8"))


def minimal_spec(**extra: Any) -> dict[str, Any]:
    """A tiny valid OpenAPI 3.0 document to extend in a test."""
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things/{thingId}": {
                "get": {
                    "operationId": "getThing",
                    "tags": ["Things"],
                    "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                    },
                }
            }
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}},
    }
    spec.update(copy.deepcopy(extra))
    return spec


def write_spec(folder: Path, spec: Any, name: str = "openapi.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# -- what a generated package is ----------------------------------------------------------------
def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def compile_all(root: Path) -> int:
    """compile() every generated .py (raises SyntaxError on the first bad one); returns the count."""
    files = python_files(root)
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)
    return len(files)


IMPORT_ALL = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    package = importlib.import_module(sys.argv[1])
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
    print(json.dumps(sorted(names)))
    """
)


def import_all(client_dir: Path, package: str) -> list[str]:
    """Import the package and every submodule in a fresh interpreter; returns module names."""
    proc = subprocess.run(
        [PYTHON, "-c", IMPORT_ALL, package], cwd=client_dir, capture_output=True, check=False, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(client_dir), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, f"importing {package} failed:\n{proc.stderr[-4000:]}"
    return list(json.loads(proc.stdout.strip().splitlines()[-1]))


_MYPY_SUMMARY = re.compile(r"Found (\d+) errors? in")


def mypy_errors(client_dir: Path, package: str, cache_dir: Path) -> list[str]:
    """`mypy --strict` over the generated package; returns the error lines (empty when clean)."""
    proc = subprocess.run(
        [PYTHON, "-m", "mypy", "--strict", "--no-color-output", "--cache-dir", str(cache_dir), "-p", package],
        cwd=client_dir, capture_output=True, check=False, text=True, timeout=600,
        env={**os.environ, "MYPYPATH": str(client_dir)},
    )
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not errors):
        raise AssertionError(f"mypy crashed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    summary = _MYPY_SUMMARY.search(proc.stdout)
    assert len(errors) == (int(summary.group(1)) if summary else 0), proc.stdout[-3000:]
    return errors


# -- servers -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Prism:
    """`prism mock` for one spec on 127.0.0.1, started in the background; `wait()` blocks
    until it accepts connections (Prism listens only once the document is loaded)."""

    def __init__(self, spec: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "wb")
        self.proc = subprocess.Popen(
            [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(self.port), str(spec)],
            stdout=self._log, stderr=subprocess.STDOUT, cwd=REPO, start_new_session=True,
        )
        self._log_path = log

    def wait(self, timeout: float = 90.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"prism exited with {self.proc.returncode}:\n{self._log_path.read_text(errors='replace')[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self.url
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"prism did not listen within {timeout} s:\n{self._log_path.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()
        self._log.close()
