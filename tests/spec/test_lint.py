"""Redocly lint of spec/openapi.yaml with the project's redocly.yaml (extends `recommended`).

Fails on any error-severity problem (each listed with its JSON pointer and message) and prints
the number of warnings per rule (``pytest -s`` shows it).  Skips, with the reason, only when
node_modules is missing: the Makefile installs it (``npm ci``), and CI treats skips as failures.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
SPEC = Path(os.environ.get("FIDELITY_SPEC") or ROOT / "spec" / "openapi.yaml")
TIMEOUT_S = 300


def _json_from(stdout: str) -> dict:
    """The JSON report, tolerating any banner text printed before it."""
    start = stdout.find("{")
    if start < 0:
        raise ValueError("no JSON in redocly output")
    return json.loads(stdout[start:])


def test_redocly_lint_has_no_errors():
    if not REDOCLY.exists():
        pytest.skip(
            "node_modules/.bin/redocly is missing: run `npm ci` (the Makefile does) to install @redocly/cli"
        )
    if not SPEC.exists():
        pytest.fail(
            f"{SPEC} does not exist: build the spec before linting it", pytrace=False
        )
    cmd = [str(REDOCLY), "lint", str(SPEC), "--format=json", "--max-problems=100000"]
    env = {
        **os.environ,
        "REDOCLY_TELEMETRY": "off",
        "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
        "NO_COLOR": "1",
    }
    proc = subprocess.run(
        cmd,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=env,
        check=False,
    )
    try:
        report = _json_from(proc.stdout)
    except ValueError as e:
        pytest.fail(
            f"`{' '.join(cmd)}` exited {proc.returncode} without a JSON report ({e}).\n"
            f"stdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}",
            pytrace=False,
        )
    problems = report.get("problems") or []
    errors = [p for p in problems if p.get("severity") == "error"]
    warnings = Counter(
        p.get("ruleId", "?") for p in problems if p.get("severity") == "warn"
    )
    totals = report.get("totals") or {}
    lines = [
        f"redocly lint {SPEC.name}: {totals.get('errors', len(errors))} error(s), {totals.get('warnings', sum(warnings.values()))} warning(s)"
    ]
    for rule, n in sorted(warnings.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  warn  {rule:<40} {n}")
    print("\n" + "\n".join(lines))

    if errors:
        out = []
        for p in errors:
            loc = (p.get("location") or [{}])[0]
            where = loc.get("pointer") or "?"
            start = loc.get("start") or {}
            pos = f" (line {start.get('line')})" if start.get("line") else ""
            out.append(f"  [{p.get('ruleId')}] {where}{pos}\n      {p.get('message')}")
        pytest.fail(
            f"{len(errors)} redocly error(s) in {SPEC.name}:\n" + "\n".join(out),
            pytrace=False,
        )
    if proc.returncode != 0:
        pytest.fail(
            f"redocly exited {proc.returncode} with no error in its report:\n{proc.stderr[-4000:]}",
            pytrace=False,
        )
