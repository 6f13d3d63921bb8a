"""Golden outputs: every file of every case, compared byte for byte."""

from __future__ import annotations

import difflib

import pytest

from tests.generator.golden import cases, expected_tree, render_case


@pytest.mark.parametrize("case", cases())
def test_case_matches_expected_tree(case: str) -> None:
    made = render_case(case)
    expected = expected_tree(case)
    assert expected, f"tests/golden/{case}/expected is empty: run `make golden`"
    assert sorted(made) == sorted(expected), "file lists differ; run `make golden` and review the diff"
    problems = []
    for path in sorted(made):
        if made[path] != expected[path]:
            diff = "".join(difflib.unified_diff(expected[path].splitlines(True), made[path].splitlines(True), f"expected/{path}", f"generated/{path}", n=2))
            problems.append(diff[:3000])
    assert not problems, "golden files differ (run `make golden` if the change is intended):\n" + "\n".join(problems)


def test_there_are_golden_cases() -> None:
    assert {"minimal", "features"} <= set(cases())
