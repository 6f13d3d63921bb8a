"""`python -m bench` (`make bench`): run the benchmarks and print one table per section,
the goals with PASS/MISS, a closing note on every miss, and a JSON summary.

Sections (all by default, in this order): generation (our spec, cold and warm), incremental
(one-operation edit; `generator check`), scale (GitHub's API description and subsets),
client (import time, list call, job round trip), profile (where our generator's time goes).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from . import client, generation, peers, stages
from .measure import Budget
from .report import Goal, goals_table, heading, machine, note, out, write_json

SECTIONS = ("generation", "incremental", "scale", "client", "profile")
RESULTS = peers.CACHE / "results.json"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sections", default=",".join(SECTIONS),
                   help=f"comma-separated subset of: {', '.join(SECTIONS)} (default: all)")
    p.add_argument("--rounds", type=int, default=5, help="most rounds per comparison on our spec (default 5)")
    p.add_argument("--budget", type=float, default=45.0,
                   help="seconds after which no new round starts, per comparison on our spec (default 45)")
    p.add_argument("--scale-rounds", type=int, default=3, help="most rounds per GitHub size (default 3)")
    p.add_argument("--scale-budget", type=float, default=60.0,
                   help="seconds after which no new round starts, per GitHub size (default 60)")
    p.add_argument("--timeout", type=float, default=900.0, help="kill any single generator run after this many seconds")
    p.add_argument("--client-rounds", type=int, default=3, help="rounds of the client benchmarks (default 3)")
    p.add_argument("--quick", action="store_true", help="one round of everything, for trying the bench itself")
    p.add_argument("--json", default=str(RESULTS), help=f"where to write the full results (default {RESULTS.relative_to(peers.ROOT)})")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser().error(f"unknown section(s): {', '.join(unknown)}")
    if args.quick:
        args.rounds = args.scale_rounds = args.client_rounds = 1
    started = time.perf_counter()
    info = machine()
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    peers.ensure_all(note, github="scale" in chosen or "profile" in chosen)
    versions = {
        "openapi-python-client": peers.version_of(peers.OPC.python, "openapi-python-client"),
        "datamodel-code-generator (peer)": peers.version_of(peers.DMCG.python, "datamodel-code-generator"),
        "datamodel-code-generator (ours)": peers.version_of(sys.executable, "datamodel-code-generator"),
        "black (ours)": peers.version_of(sys.executable, "black"),
        "httpx": peers.version_of(sys.executable, "httpx"),
        "pydantic": peers.version_of(sys.executable, "pydantic"),
        "@octokit/openapi": peers.OCTOKIT_VERSION,
    }
    heading("Benchmarks: datarobot-models-toolkit vs openapi-python-client and datamodel-code-generator")
    out(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, Python {info['python']}, {info['system']}")
    out(f"date: {date}; command: make bench (python -m bench {' '.join(argv if argv is not None else sys.argv[1:])})".rstrip())
    out("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    out("Times are wall-clock medians of fresh processes; peak MB is the peak resident set size of the largest process "
        "of a run (getrusage of the child via wait4). Contenders alternate round by round.")

    shutil.rmtree(peers.WORK, ignore_errors=True)
    setup = generation.Setup(peers.WORK)
    goals: list[Goal] = []
    results: dict[str, Any] = {"machine": info, "date": date, "versions": versions, "argv": argv or sys.argv[1:]}
    ours_budget = Budget(min(3, args.rounds), args.rounds, args.budget, args.timeout)
    runners = {
        "generation": lambda: generation.our_spec(setup, ours_budget, goals),
        "incremental": lambda: generation.incremental(setup, ours_budget, goals),
        "scale": lambda: generation.scale(setup, Budget(1, args.scale_rounds, args.scale_budget, args.timeout), goals),
        "client": lambda: client.section(setup, args.client_rounds, goals),
        "profile": lambda: stages.section(setup, stages.cases(setup)),
    }
    results["load_average"] = {}
    for name in SECTIONS:
        if name in chosen:
            load = os.getloadavg()
            results["load_average"][name] = load
            out()
            out(f"[{name}: load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min) on {info['cpus']} CPUs "
                "before this section; contenders alternate so other work on the machine hits them alike]")
            results[name] = runners[name]()

    heading("Goals (issue 7)")
    goals_table(goals)
    closing(goals, results)
    results["goals"] = [{"section": g.section, "goal": g.text, "status": g.status, "measured": g.measured,
                         "limit": g.limit, "unit": g.unit, "detail": g.by_how_much()} for g in goals]
    results["elapsed_s"] = time.perf_counter() - started
    target = Path(args.json)
    write_json(target if target.is_absolute() else peers.ROOT / target, results)
    heading("Machine summary")
    summary = {"date": date, "machine": f"{info['cpus']} x {info['cpu']}", "elapsed_s": round(results["elapsed_s"], 1),
               "goals": {g.text: {"status": g.status, "measured": g.measured, "limit": g.limit, "unit": g.unit}
                         for g in goals}}
    out(json.dumps(summary, indent=1))
    out(f"full results: {args.json}")
    return 0


def closing(goals: list[Goal], results: dict[str, Any]) -> None:
    """Why each missed goal is missed and what would close it, from the figures above."""
    missed = [g for g in goals if g.status == "MISS"]
    heading("Closing note")
    if not missed:
        out("Every measured goal is met.")
        return
    profile = results.get("profile", {})
    for goal in missed:
        out(f"- {goal.text}: {goal.by_how_much()}.")
        for line in stages.explain(goal, profile, results):
            out(f"    {line}")


if __name__ == "__main__":
    sys.exit(main())
