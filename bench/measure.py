"""Run commands in fresh processes and measure them: wall time and peak resident memory.

Every measured run is its own process, started by a small launcher (_rusage.py) that
times it and reads its resource usage with `os.wait4`: the usage of exactly that process,
whose `ru_maxrss` also covers the descendants it waited for (such as the ruff processes
openapi-python-client starts), so no run's figures leak into another's.
Side-by-side comparisons run the contenders round-robin, one round after another, so a
slow patch on a shared machine hits every contender alike rather than one of them.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    wall: float  # seconds
    peak_kb: int  # peak resident set size of the largest process in the tree, KiB
    code: int  # exit code; -9 when killed at the timeout
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.timed_out

    def failure(self) -> str:
        """The last meaningful lines a failed run printed, for the report."""
        if self.timed_out:
            return f"timed out after {self.wall:.0f} s"
        lines = [line for line in (self.stderr + "\n" + self.stdout).splitlines() if line.strip()]
        return f"exit {self.code}: " + " | ".join(lines[-3:])[:600]


LAUNCHER = Path(__file__).resolve().with_name("_rusage.py")


def run(
    cmd: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> Run:
    """Run one command to completion through the launcher (see _rusage.py for why), in a
    new process group that is killed at the timeout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as figures:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(LAUNCHER), figures.name, *cmd], cwd=cwd, env=env,
            stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            proc.wait()
        finally:
            if timer:
                timer.cancel()
        outer = time.perf_counter() - started
        if killed.is_set():  # whatever the killed group left behind
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            data = json.loads(Path(figures.name).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # killed before it could write
            data = {"wall": outer, "peak_kb": 0, "code": proc.returncode}
        out.seek(0)
        err.seek(0)
        return Run(
            wall=float(data["wall"]),
            peak_kb=int(data["peak_kb"]),
            code=-9 if killed.is_set() else int(data["code"]),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=killed.is_set(),
        )


@dataclass
class Contender:
    """One side of a comparison: how to prepare a run (untimed) and what to run."""

    name: str
    command: Callable[[int], Sequence[str]]  # round number -> argv
    cwd: Path
    env: dict[str, str] | None = None
    prepare: Callable[[int], None] | None = None  # untimed, before each run (e.g. clear caches)
    runs: list[Run] = field(default_factory=list)

    @property
    def good(self) -> list[Run]:
        return [r for r in self.runs if r.ok]

    @property
    def failed(self) -> Run | None:
        return next((r for r in self.runs if not r.ok), None)

    def median_wall(self) -> float | None:
        good = self.good
        return statistics.median(r.wall for r in good) if good else None

    def median_peak_mb(self) -> float | None:
        good = self.good
        return statistics.median(r.peak_kb for r in good) / 1024 if good else None


@dataclass(frozen=True)
class Budget:
    """How many rounds to run: at least `min_rounds`, at most `max_rounds`, and no new
    round once `seconds` have been spent (slow contenders get fewer, never zero, rounds)."""

    min_rounds: int
    max_rounds: int
    seconds: float
    timeout: float | None = None


def compare(contenders: Sequence[Contender], budget: Budget, *, on_run: Callable[[Contender, Run], None] | None = None) -> int:
    """Run the contenders round-robin within the budget; return the number of rounds."""
    started = time.perf_counter()
    rounds = 0
    live = list(contenders)
    while live and rounds < budget.max_rounds:
        if rounds >= budget.min_rounds and time.perf_counter() - started >= budget.seconds:
            break
        for contender in live:
            if contender.prepare:
                contender.prepare(rounds)
            result = run(contender.command(rounds), cwd=contender.cwd, env=contender.env, timeout=budget.timeout)
            contender.runs.append(result)
            if on_run:
                on_run(contender, result)
        # A contender that failed or timed out will do so again: do not spend the budget on it.
        live = [c for c in live if c.runs[-1].ok]
        rounds += 1
    return rounds


def median(values: Sequence[float]) -> float:
    return statistics.median(values)
