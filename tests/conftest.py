"""Suite-wide rules. In CI (CI=true) a skipped test fails the run: a skip there means a
tool the project should have installed is missing, which must not pass silently."""

from __future__ import annotations

import os

import pytest

FIDELITY_SUMMARY = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    summary = config.stash.get(FIDELITY_SUMMARY, None)
    if summary:
        terminalreporter.write_sep("-", "spec fidelity (tests/spec/test_fidelity.py)")
        terminalreporter.write_line(summary)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        if reporter:
            reporter.write_line(f"CI=true: {len(skipped)} test(s) were skipped; failing the run", red=True)
            for report in skipped:
                reporter.write_line(f"  skipped: {report.nodeid}: {report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
