"""One cross-check run: wheel -> SDK index -> findings -> table and summary line.

The SDK index of a wheel depends only on the wheel and on this package's source, so it is
cached (pickle under the cache folder, keyed by both hashes); a warm run only parses the spec.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import compare, sdk, wheel

HERE = Path(__file__).resolve().parent


class RunError(Exception):
    pass


@dataclass
class Result:
    findings: list[compare.Finding]
    recorded: set[str]
    operations: int
    with_route: int
    calls: int
    converters: int
    fields: int
    seconds: float
    cached: bool
    unrecorded: list[compare.Finding] = field(default_factory=list)


def _index(cache: Path, offline: bool) -> tuple[sdk.SdkIndex, bool]:
    try:
        whl = wheel.ensure_wheel(cache, offline=offline)
    except wheel.WheelError as e:
        raise RunError(str(e)) from e
    digest = hashlib.sha256(whl.read_bytes())
    for src in sorted(HERE.glob("*.py")):
        digest.update(src.read_bytes())
    pick = cache / f"index-{digest.hexdigest()[:16]}.pickle"
    if pick.is_file():
        try:
            return pickle.loads(pick.read_bytes()), True
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            pick.unlink(missing_ok=True)  # a stale or damaged cache file is rebuilt, never trusted
    try:
        index = sdk.read_sdk(wheel.read_sources(whl))
    except wheel.WheelError as e:
        raise RunError(str(e)) from e
    except SyntaxError as e:
        raise RunError(f"{whl}: {e.filename}:{e.lineno}: cannot parse ({e.msg})") from e
    for old in cache.glob("index-*.pickle"):
        old.unlink(missing_ok=True)
    tmp = pick.with_suffix(f".{os.getpid()}.tmp")  # one writer per process; the rename is atomic
    tmp.write_bytes(pickle.dumps(index))
    tmp.replace(pick)
    return index, False


def recorded_keys(curation: Path) -> set[str]:
    """Finding keys written in backticks in CURATION.md (one decision each)."""
    if not curation.is_file():
        return set()
    kinds = "|".join(re.escape(k) for k in compare.KINDS)
    return set(re.findall(rf"`((?:{kinds}) [^`]+)`", curation.read_text(encoding="utf-8")))


def run(spec_path: Path, cache: Path, curation: Path, offline: bool = False) -> Result:
    start = time.perf_counter()
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster
        doc = yaml.load(spec_path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as e:
        raise RunError(f"{spec_path}: cannot read the spec ({e})") from e
    if not isinstance(doc, dict):
        raise RunError(f"{spec_path}: not an OpenAPI document (a YAML mapping)")
    index, cached = _index(cache, offline)
    findings, comparer = compare.compare(index, doc)
    recorded = recorded_keys(curation)
    result = Result(
        findings=findings, recorded=recorded, operations=len(comparer.ops),
        with_route=sum(1 for m, p, _ in comparer.ops if comparer.matched.get((m, p))),
        calls=sum(len(v) for v in comparer.matched.values()), converters=len(index.converters),
        fields=comparer.compared_fields, seconds=time.perf_counter() - start, cached=cached)
    result.unrecorded = [f for f in findings if f.key not in recorded]
    return result


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render(result: Result) -> str:
    header = ("kind", "operation", "what", "spec", "SDK", "SDK evidence", "decided")
    rows = [(f.kind, f.operation or "-", f.subject, f.spec, f.sdk, f.evidence,
             "yes" if f.key in result.recorded else "NO") for f in result.findings]
    widths = [10, 70, 48, 30, 44, 52, 7]
    lines = ["  ".join(_clip(h, w).ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths)).rstrip())
    lines.append("")
    lines.append(summary(result))
    return "\n".join(lines)


def summary(result: Result) -> str:
    kinds = Counter(f.kind for f in result.findings)
    by_kind = ", ".join(f"{k} {kinds[k]}" for k in compare.KINDS if kinds[k]) or "none"
    undecided = len(result.unrecorded)
    return (f"crosscheck: {len(result.findings)} findings ({by_kind}); "
            f"{result.with_route}/{result.operations} operations called by the SDK "
            f"({result.calls} calls, {result.fields} converter fields compared); "
            f"{len(result.findings) - undecided} decided in CURATION.md, {undecided} undecided; "
            f"datarobot=={wheel.SDK_VERSION}, index {'cached' if result.cached else 'built'}, "
            f"{result.seconds:.2f} s")
