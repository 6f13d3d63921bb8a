"""Hostile specs: every document in the corpus (tests/robustness/hostile.py) makes the CLI
exit 1 with one located error and a hint, in bounded time and memory, without a traceback,
and without creating the output folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .hostile import CASES, Case
from .support import run_cli

MAX_RSS_MB = 600  # the CLI's own peak; the loader's limits keep hostile input far below this


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_document_is_refused_cleanly(case: Case, tmp_path: Path) -> None:
    spec = tmp_path / case.filename
    spec.write_bytes(case.build(tmp_path))
    out = tmp_path / "out"

    run = run_cli("generate", "--spec", spec, "--out", out, "--package-name", "pkg", cwd=tmp_path)

    assert run.returncode == 1, f"exit {run.returncode}\n{run.stderr[-3000:]}"
    assert run.stdout == ""
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr[-3000:]
    assert run.stderr.startswith(f"error: {spec}"), run.stderr[:500]
    # one problem: one line naming the file (the first), then its hint
    problem_lines = [line for line in run.stderr.splitlines() if line.startswith((f"error: {spec}", str(spec)))]
    assert len(problem_lines) == 1, run.stderr
    location = problem_lines[0].removeprefix("error: ")[len(str(spec)):]
    assert re.match(r"^(:\d+)?(#/\S*)?: ", location) and location[:1] in (":", "#"), f"no line or JSON pointer: {problem_lines[0]}"
    assert "\n    hint: " in run.stderr
    for fragment in case.expect:
        assert fragment in run.stderr, f"{fragment!r} not in:\n{run.stderr}"
    assert run.seconds < case.max_seconds, f"took {run.seconds:.1f} s"
    assert run.max_rss_mb < MAX_RSS_MB, f"peak RSS {run.max_rss_mb:.0f} MB"
    assert not out.exists()


def test_billion_laughs_is_refused_at_an_alias(tmp_path: Path) -> None:
    """The alias bomb is refused on a line that holds an alias, before anything expands."""
    case = next(c for c in CASES if c.id == "billion-laughs")
    spec = tmp_path / case.filename
    text = case.build(tmp_path)
    spec.write_bytes(text)
    run = run_cli("generate", "--spec", spec, "--out", tmp_path / "out", cwd=tmp_path)
    line = int(re.search(r"spec\.yaml:(\d+)", run.stderr).group(1))  # type: ignore[union-attr]
    assert "*" in text.decode().splitlines()[line - 1]
    assert run.max_rss_mb < 100


def test_corpus_covers_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    """The kinds of hostile input issue 6 lists are all in the corpus (counted in the report)."""
    ids = {c.id for c in CASES}
    required = {
        "invalid-yaml", "invalid-json", "not-openapi", "swagger-2", "dangling-ref", "ref-cycle", "ref-outside-folder",
        "ref-url", "duplicate-operation-ids", "duplicate-yaml-key", "big-50mb", "deep-json-10000", "deep-yaml-flow-10000",
        "billion-laughs", "document-is-list", "document-is-scalar-number", "non-utf8", "empty-file",
    }
    assert required <= ids, required - ids
    with capsys.disabled():
        print(f"\nhostile documents in the corpus: {len(CASES)}")
