"""The real-world corpus: public OpenAPI 3.0 documents the generator was not written for
(tests/data/corpus, see its README), each generated through the CLI and checked.

`make corpus` (= `python -m tests.robustness.corpus`) prints one record per spec:
ok or a clean error with its reason, operations in the client out of operations in the
spec, wall time, and whether the client compiles, imports and (for MYPY_SPECS) passes
`mypy --strict`. It exits 1 when fewer than 95% of the specs give a working client, when
any run ends in a traceback or an internal error, or when a client lacks an operation.
tests/robustness/test_corpus.py runs a few small specs through the same code.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import itertools
import json
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .support import REPO, compile_all, import_all, mypy_errors, run_cli

CORPUS = REPO / "tests" / "data" / "corpus"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# One spec per publisher, small to large, checked with `mypy --strict` as well.
MYPY_SPECS = (
    "currencytick.com", "aucklandmuseum.com", "wikipathways.org", "surevoip.co.uk", "1password.local__connect",
    "beanstream.com", "mozilla.com__kinto", "walmart.com__inventory", "orbit.love", "dev.to", "nordigen.com",
    "apache.org__airflow",
)
PASS_RATE = 0.95


@dataclass
class Record:
    name: str
    status: str = "ok"  # ok | error (a clean, located refusal) | broken (traceback, crash, or a bad client)
    reason: str = ""
    operations: int = 0  # in the spec
    generated: int = 0  # of those, in both the sync and the async client
    seconds: float = 0.0
    warnings: int = 0
    compiles: bool = False
    imports: bool = False
    mypy: str = "-"  # "-" not checked, "clean", or "<n> errors"
    missing: list[str] = field(default_factory=list)


def spec_operations(data: Any) -> set[tuple[str, str]]:
    """(METHOD, path as written) of every operation in a document."""
    paths = data.get("paths") if isinstance(data, dict) else None
    ops = set()
    for path, item in (paths or {}).items():
        for method in HTTP_METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                ops.add((method.upper(), str(path)))
    return ops


def client_operations(package_dir: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(sync, async) sets of (METHOD, path) the generated resource classes call."""
    sync: set[tuple[str, str]] = set()
    async_: set[tuple[str, str]] = set()
    for module in sorted((package_dir / "resources").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            target = async_ if cls.name.startswith("Async") else sync
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                args = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                for first, second in itertools.pairwise(args):
                    if first.lower() in HTTP_METHODS and first.isupper():
                        target.add((first, second))
                        break
    return sync, async_


def check_spec(spec_gz: Path, work: Path, *, mypy: bool) -> Record:
    """Generate one corpus spec into `work` and check what came out."""
    name = spec_gz.name.removesuffix(".json.gz")
    record = Record(name)
    raw = gzip.decompress(spec_gz.read_bytes())
    data = json.loads(raw)
    wanted = spec_operations(data)
    record.operations = len(wanted)
    spec = work / "openapi.json"
    spec.write_bytes(raw)
    package = "corpus_client"
    # A project root of its own: no [tool.generator] from this repository (so not strict),
    # just the package name the checks below import.
    (work / "pyproject.toml").write_text(f'[tool.generator]\npackage_name = "{package}"\ncache_dir = ""\n', encoding="utf-8")
    started = time.perf_counter()
    run = run_cli("generate", "--spec", spec, "--out", work / "out", "--project-root", work, cwd=work, timeout=600)
    record.seconds = round(time.perf_counter() - started, 2)
    record.warnings = sum(1 for line in run.stderr.splitlines() if line.startswith("warning: "))
    if "Traceback" in run.stderr or "internal error" in run.stderr or run.returncode not in (0, 1):
        record.status, record.reason = "broken", f"exit {run.returncode}: {run.stderr.strip()[-600:]}"
        return record
    if run.returncode == 1:
        errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
        record.status, record.reason = "error", (errors[0][7:] if errors else run.stderr.strip())[:400]
        if not re.search(r":\d+#|#/", record.reason):
            record.status, record.reason = "broken", "error without a location: " + record.reason
        return record
    client_dir = work / "out" / "python"
    try:
        compile_all(client_dir)
        record.compiles = True
        import_all(client_dir, package)
        record.imports = True
    except (SyntaxError, AssertionError) as exc:
        record.status, record.reason = "broken", f"{type(exc).__name__}: {str(exc)[-600:]}"
        return record
    sync, async_ = client_operations(client_dir / package)
    record.generated = len(wanted & sync & async_)
    record.missing = sorted(f"{m} {p}" for m, p in wanted - (sync & async_))
    if record.missing:
        record.status, record.reason = "broken", f"{len(record.missing)} operation(s) missing from the client"
    if mypy:
        errors = mypy_errors(client_dir, package, work / "mypy-cache")
        record.mypy = "clean" if not errors else f"{len(errors)} errors"
        if errors:
            record.status, record.reason = "broken", "mypy --strict: " + errors[0][-300:]
    return record


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.robustness.corpus", description=__doc__.split("\n\n")[0])
    p.add_argument("names", nargs="*", help="only these corpus specs (file names without .json.gz)")
    p.add_argument("--no-mypy", action="store_true", help="skip the mypy --strict checks")
    p.add_argument("--report", type=Path, default=REPO / ".cache" / "corpus" / "report.json", help="where to write the records as JSON")
    args = p.parse_args(argv)
    specs = sorted(CORPUS.glob("*.json.gz"))
    if args.names:
        specs = [s for s in specs if s.name.removesuffix(".json.gz") in args.names]
    records = []
    for spec in specs:
        with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
            name = spec.name.removesuffix(".json.gz")
            record = check_spec(spec, Path(scratch), mypy=not args.no_mypy and name in MYPY_SPECS)
        records.append(record)
        print(f"{record.status:6} {record.generated:4}/{record.operations:<4} ops {record.seconds:6.1f} s "
              f"{record.warnings:4} warnings  mypy {record.mypy:10} {record.name}" + (f"\n       {record.reason}" if record.reason else ""),
              flush=True)
    ok = [r for r in records if r.status == "ok"]
    broken = [r for r in records if r.status == "broken"]
    rate = len(ok) / len(records) if records else 0.0
    ops = sum(r.operations for r in records)
    print(f"\n{len(ok)} of {len(records)} specs give a client that compiles and imports ({rate:.1%}); "
          f"{sum(r.generated for r in ok)} of {sum(r.operations for r in ok)} of their operations generated "
          f"({ops} operations in the whole corpus); {sum(1 for r in records if r.mypy == 'clean')} pass mypy --strict; "
          f"{len(broken)} broken; {sum(r.seconds for r in records):.0f} s of generation")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps([asdict(r) for r in records], indent=1) + "\n", encoding="utf-8")
    return 0 if rate >= PASS_RATE and not broken else 1


if __name__ == "__main__":
    sys.exit(main())
