"""Where our generator's time goes: one cold run under cProfile (stage cache off, and
GENERATOR_NO_FORK=1 so that no work hides in forked children), summarised two ways so the figures survive refactoring of the generator:

- by stage: the cumulative time of each function that `generate_files`
  (generator/pipeline.py) or the CLI (generator/__main__.py) calls directly, whatever
  the stages are named today;
- by component: self time grouped by package (black, datamodel_code_generator, jinja2,
  yaml, ...) or by our own module; a compiled package's C functions count for that
  package, Python's own C builtins for whoever called them.

cProfile roughly doubles the run time; read the shares, not the absolute seconds.
"""

from __future__ import annotations

import pstats
import re
import shutil
import sys
import sysconfig
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import peers, specs
from .generation import EDIT_OPERATION, SPEC, Setup
from .measure import run
from .report import Goal, heading, note, out, table

ROOT = peers.ROOT
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def component(filename: str) -> str:
    if filename == "~" or filename.startswith("<"):
        return "builtins"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        name = parts[parts.index("site-packages") + 1]
        return name.removesuffix(".py").split(".")[0]
    if "templates" in parts or filename.endswith(".jinja"):
        return "jinja2 (compiled templates)"
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        pass
    try:
        rel = path.resolve().relative_to(STDLIB)
        return f"stdlib: {rel.parts[0].removesuffix('.py')}"
    except ValueError:
        return filename


_BUILTIN = re.compile(r"^<built-in method ([\w.]+)\.\w+>$|^<method '\w+' of '([\w.]+)' objects>$")


def compiled_owner(name: str) -> str | None:
    """The third-party package of a C function (black is compiled with mypyc, so its whole
    run shows up as one builtin, `black.format_str`); None for Python's own builtins."""
    match = _BUILTIN.match(name)
    if not match or (match.group(2) and "." not in match.group(2)):  # a method of str, dict, ...
        return None
    top = (match.group(1) or match.group(2)).split(".")[0]
    return None if top in sys.stdlib_module_names or top in sys.builtin_module_names else f"{top} (compiled)"


CLI = "generator/__main__.py"
PIPELINE = ("generator/pipeline.py", "generate_files")


def summarise(profile: Path) -> dict[str, Any]:
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    by_component: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tt, _ct, callers) in stats.items():
        owner = compiled_owner(name) if filename == "~" else None
        if owner:
            by_component[owner] += tt
            continue
        if component(filename) != "builtins" or not callers:
            by_component[component(filename)] += tt
            continue
        shares = {caller: values[2] for caller, values in callers.items()}  # self time spent per caller
        total = sum(shares.values()) or 1.0
        for (caller_file, _l, _n), share in shares.items():
            by_component[component(caller_file)] += tt * share / total
    stages: list[tuple[str, float]] = []
    total = 0.0
    for (filename, line, name), (_cc, _nc, _tt, ct, callers) in stats.items():
        owner = component(filename)
        if name == "main" and owner == CLI:
            total = ct
        if owner == CLI or (owner, name) == PIPELINE:
            continue  # the umbrellas themselves, not stages
        # Time under this function when called from the pipeline or the CLI only (a builtin
        # such as str.join is one entry for every caller in the program).
        edges = [(caller_name, values[3]) for (caller_file, _l, caller_name), values in callers.items()
                 if component(caller_file) == CLI or (component(caller_file), caller_name) == PIPELINE]
        if edges and sum(t for _, t in edges) >= 0.01:  # argparse and friends are not stages
            stages.append((f"{edges[0][0]} -> {name} ({owner}:{line})", sum(t for _, t in edges)))
    stages.sort(key=lambda s: -s[1])
    return {"total_s": total, "stages": stages, "components": sorted(by_component.items(), key=lambda c: -c[1])}


@dataclass
class Case:
    label: str
    spec: Path
    cache: bool = False  # run with the stage cache (as left by `prepare`) instead of --no-cache
    prepare: Callable[[], None] | None = None


OUR_COLD, OUR_EDIT, GITHUB = "our spec, cold", "our spec, after a one-operation edit", "GitHub, 300 operations"


def cases(setup: Setup) -> list[Case]:
    folder = setup.work / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    edited = folder / "openapi.yaml"
    edit_out = folder / "edit-out"

    def warm_then_edit() -> None:
        """Generate the unedited copy (filling the cache), then edit one description."""
        shutil.copyfile(SPEC, edited)
        setup.clear_cache()
        contender = setup.ours(edited, edit_out, cold=False)
        run(contender.command(0), cwd=contender.cwd, env=contender.env)
        specs.edit_description(SPEC, edited, EDIT_OPERATION, "(profiled edit)")

    github = setup.work / "github" / "specs" / "api.github.com.300-ops.json"
    if not github.is_file():
        github = specs.write_subsets(peers.ensure_github_spec(note), [300], github.parent)[300]
    return [Case(OUR_COLD, SPEC), Case(OUR_EDIT, edited, cache=True, prepare=warm_then_edit), Case(GITHUB, github)]


def section(setup: Setup, chosen: list[Case]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for case in chosen:
        folder = setup.work / "profile" / case.label.replace(" ", "-").replace(",", "")
        folder.mkdir(parents=True, exist_ok=True)
        profile = folder / "generate.prof"
        note(f"profile: {case.label}")
        if case.prepare:
            case.prepare()
        output = setup.work / "profile" / "edit-out" if case.cache else folder / "out"
        result = run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "generator", "generate",
                      *([] if case.cache else ["--no-cache"]),
                      "--spec", str(case.spec), "--out", str(output), "--project-root", str(setup.bench_root), "-q"],
                     cwd=ROOT, env={**peers.child_env(), "GENERATOR_NO_FORK": "1"}, timeout=1200)
        if not result.ok or not profile.is_file():
            out(f"profile of {case.label} FAILED: {result.failure()}")
            continue
        summary = summarise(profile)
        total = summary["total_s"] or result.wall
        summary["wall_s"] = result.wall
        heading(f"Where our generator's time goes: {case.label}",
                f"One run under cProfile, stage cache {'warm' if case.cache else 'off'}: {result.wall:.1f} s wall with the "
                f"profiler (profiled main: {total:.1f} s). Shares matter; cProfile inflates absolute times.\n"
                "Run with GENERATOR_NO_FORK=1, so the work the generator otherwise does in forked children "
                "(validation, models, black workers) is in one process and in the profile; the shares are of CPU work, "
                "and a normal run overlaps them on 2 cores.")
        table(["stage (direct callees of the pipeline and the CLI)", "cumulative s", "share"],
              [[name, f"{ct:.2f}", f"{100 * ct / total:.0f}%"] for name, ct in summary["stages"][:12]])
        out()
        table(["component (self time; C builtins charged to their caller)", "self s", "share"],
              [[name, f"{tt:.2f}", f"{100 * tt / total:.0f}%"] for name, tt in summary["components"][:12]])
        results[case.label] = summary
    return results


# -- the closing note ------------------------------------------------------------------------
def explain(goal: Goal, profile: dict[str, Any], results: dict[str, Any]) -> list[str]:
    """Why a goal is missed, from the measured breakdown, and how much must go to close it."""
    if goal.section in ("our spec", "incremental") and "check" not in goal.text:
        label = OUR_COLD if goal.section == "our spec" else OUR_EDIT
        return _time_gap(goal, profile.get(label), label)
    if goal.section == "incremental":
        return ["`check` runs the whole pipeline in memory (with the stage cache) and compares; it is a warm "
                "generation minus the write: " + _breakdown(profile.get(OUR_EDIT), OUR_EDIT)]
    if goal.section == "scale":
        floor = _model_generator_floor(goal, results)
        if "Stripe" in goal.text:
            return floor
        if goal.unit == "MB":
            sizes = results.get("scale", {}).get("sizes", {})
            growth = "; ".join(
                f"{size} ops: ours {tools['ours']['peak_mb']:.0f} MB, opc {tools['openapi-python-client']['peak_mb']:.0f} MB"
                for size, tools in sorted(sizes.items())
                if tools.get("ours", {}).get("peak_mb") and tools.get("openapi-python-client", {}).get("peak_mb"))
            return [f"peak memory by size: {growth}", *floor,
                    "to see which stage holds the memory, run one stage at a time under tracemalloc; "
                    "cProfile measures time only"]
        if goal.unit == "exponent":
            return ["a fitted exponent above 1 means some stage grows faster than the document: "
                    + _breakdown(profile.get(GITHUB), GITHUB)]
        return [*floor, *_time_gap(goal, profile.get(GITHUB), GITHUB)]
    if goal.section == "client":
        importtime = results.get("client", {}).get("importtime", [])
        if "import" in goal.text:
            largest = ", ".join(f"{name} {ms:.0f} ms" for name, ms in importtime[:5])
            return [f"largest imports (python -X importtime, cumulative): {largest}",
                    "to close it, load these only on first use (lazy resources and models)"]
        lists = results.get("client", {}).get("list", {})
        medians = {k: v["median_s"] for k, v in lists.items()}
        return ["per-call medians: " + ", ".join(f"{k}: {v * 1e3:.2f} ms" for k, v in medians.items())]
    return []


def _model_generator_floor(goal: Goal, results: dict[str, Any]) -> list[str]:
    """datamodel-code-generator alone (the models only) against openapi-python-client's whole
    run on the same document: when it alone costs more, the goal is out of reach while it
    generates our models (the card's package), whatever the rest of our pipeline does."""
    scale = results.get("scale", {})
    if "Stripe" in goal.text:
        tools = scale.get("stripe", {})
    else:
        sizes = scale.get("sizes", {})
        tools = sizes[max(sizes)] if sizes else {}
    key = "median_s" if goal.unit == "s" else "peak_mb"
    dmcg = tools.get("datamodel-codegen (models only)", {}).get(key)
    opc = tools.get("openapi-python-client", {}).get(key)
    ours = tools.get("ours", {}).get(key)
    if not (dmcg and opc and ours):
        return []
    unit = "s" if goal.unit == "s" else " MB"
    what = "takes" if goal.unit == "s" else "peaks at"
    line = (f"datamodel-code-generator alone, making only the models, {what} {dmcg:.1f}{unit} on this document "
            f"({dmcg / opc:.2f}x openapi-python-client's whole run); ours is {ours / dmcg:.2f}x that")
    if dmcg >= opc:
        line += ": while it generates our models (a package of the card), this goal is out of reach"
    return [line]


def _time_gap(goal: Goal, summary: dict[str, Any] | None, label: str) -> list[str]:
    if goal.measured is None or goal.limit is None:
        return []
    gap = goal.measured - goal.limit
    lines = [f"closing it means cutting {gap:.2f} s, {100 * gap / goal.measured:.0f}% of our run"]
    lines.append(_breakdown(summary, label, scale_to=goal.measured))
    if summary and summary.get("total_s"):
        # The fewest stages whose share of the run (scaled to the measured time) covers the gap.
        chosen, saved = [], 0.0
        for name, ct in summary["stages"]:
            if saved >= gap:
                break
            chosen.append(_short(name))
            saved += ct / summary["total_s"] * goal.measured
        if saved >= gap:
            if len(chosen) > 1:
                lines.append(f"what would close it: cutting {gap:.1f} s out of {' + '.join(chosen)} "
                             f"(~{saved:.1f} s together); no single stage is big enough")
            else:
                lines.append(f"what would close it: cutting {gap:.1f} s out of {chosen[0]} (~{saved:.1f} s); "
                             "that stage alone is big enough")
        else:
            lines.append(f"what would close it: even removing every profiled stage saves only ~{saved:.1f} s; "
                         "the rest is interpreter start-up and imports")
    return lines


def _short(stage: str) -> str:
    name = stage.split(" (")[0].split("-> ")[-1]
    return "imports" if name == "_find_and_load" else name


def _breakdown(summary: dict[str, Any] | None, label: str, *, scale_to: float | None = None) -> str:
    if not summary or not summary.get("total_s"):
        return f"(run the profile section for a breakdown of '{label}')"
    total = summary["total_s"]
    stages = ", ".join(
        f"{_short(name)} {100 * ct / total:.0f}%"
        + (f" (~{ct / total * scale_to:.1f} s)" if scale_to else "")
        for name, ct in summary["stages"][:4])
    components = ", ".join(f"{name} {100 * tt / total:.0f}%" for name, tt in summary["components"][:4])
    return f"profile of '{label}': stages {stages}; self time in {components}"
