"""Printing: one aligned table per section, goals with PASS/MISS and by how much, and
the machine-readable summary. Knows nothing about how the figures were measured."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


def out(text: str = "") -> None:
    print(text, flush=True)


def note(text: str) -> None:
    """Progress lines go to stderr, so stdout holds only the tables."""
    print(f"  .. {text}", file=sys.stderr, flush=True)


def heading(title: str, subtitle: str = "") -> None:
    out()
    out(title)
    out("=" * len(title))
    if subtitle:
        for line in subtitle.strip().splitlines():
            out(line)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in cells) and cells != [] for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)).rstrip()

    out(line(headers))
    out("  ".join("-" * w for w in widths))
    for row in cells:
        out(line(row))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def _is_number(text: str) -> bool:
    stripped = text.rstrip("x%").replace(",", "").replace("±", "")
    try:
        float(stripped)
        return True
    except ValueError:
        return text == "-"


def seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0:
        return "-" + seconds(-value)
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def ratio(ours: float | None, theirs: float | None) -> str:
    if not ours or not theirs:
        return "-"
    return f"{ours / theirs:.2f}x"


@dataclass
class Goal:
    """`measured` must be at most `limit` (all our goals are upper bounds)."""

    section: str
    text: str
    measured: float | None
    limit: float | None
    unit: str  # "s", "MB", "x", "exponent", "items"
    detail: str = ""

    @property
    def status(self) -> str:
        if self.measured is None or self.limit is None:
            return "N/A"
        return "PASS" if self.measured <= self.limit + 1e-9 * abs(self.limit) else "MISS"  # float noise is no miss

    def by_how_much(self) -> str:
        if self.status == "N/A":
            return self.detail or "not measured"
        assert self.measured is not None and self.limit is not None
        gap = self.measured - self.limit
        shown = {"s": seconds, "MB": lambda v: f"{v:.0f} MB", "x": lambda v: f"{v:.2f}x",
                 "exponent": lambda v: f"{v:.2f}", "items": lambda v: f"{v:.0f}"}[self.unit]
        if self.status == "PASS":
            return f"{shown(self.measured)} vs limit {shown(self.limit)}"
        times = f", {self.measured / self.limit:.1f}x the limit" if self.limit > 0 and self.unit in ("s", "MB") else ""
        return f"{shown(self.measured)} vs limit {shown(self.limit)}: over by {shown(gap)}{times}"

    def line(self) -> str:
        return f"[{self.status}] {self.text}: {self.by_how_much()}"


def goals_table(goals: Sequence[Goal]) -> None:
    for goal in goals:
        out(goal.line())


def machine() -> dict[str, Any]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    import os

    return {"cpus": os.cpu_count(), "cpu": model, "memory": memory, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=_default) + "\n", encoding="utf-8")


def _default(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)
