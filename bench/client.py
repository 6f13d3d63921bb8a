"""Benchmarks of the generated client: import time, the per-call cost of a list call
returning 100 ModelDetailsResponse items, and a 202 -> job -> wait round trip, each
against a local server on 127.0.0.1 running in its own process (bench/_server.py).

Both clients are generated afresh from spec/openapi.yaml into .cache/bench/work/client
(untimed) and byte-compiled, as pip would on install. Each measurement runs in a fresh
child process (bench/_client_calls.py); contenders alternate round by round.
"""

from __future__ import annotations

import compileall
import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import peers, specs
from .generation import SPEC, Setup
from .measure import run
from .payload import Instances
from .report import Goal, heading, note, out, seconds, table

CHILD = Path(__file__).resolve().parent / "_client_calls.py"
ITEMS = 100


@dataclass
class Clients:
    ours: Path  # folder holding datarobot_models_client
    opc: Path  # folder holding openapi-python-client's package
    opc_package: str


def _generate(setup: Setup, folder: Path) -> Clients:
    ours_out, opc_out = folder / "ours", folder / "opc"
    for contender in (setup.ours(SPEC, ours_out, cold=False), setup.opc(SPEC, opc_out, cold=True)):
        result = run(contender.command(0), cwd=contender.cwd, env=contender.env)
        if not result.ok:
            raise RuntimeError(f"{contender.name} could not generate the client to benchmark: {result.failure()}")
    packages = [p.parent.name for p in opc_out.glob("*/__init__.py")]
    if len(packages) != 1:
        raise RuntimeError(f"expected one package in {opc_out}, found {packages}")
    clients = Clients(ours_out / "python", opc_out, packages[0])
    for path in (clients.ours, clients.opc):
        compileall.compile_dir(path, quiet=1)
    return clients


def _payload(folder: Path) -> Path:
    instances = Instances(specs.load(SPEC))
    folder.mkdir(parents=True, exist_ok=True)
    items = [instances.of("ModelDetailsResponse", vary=i) for i in range(ITEMS)]
    (folder / "list.json").write_text(json.dumps(items), encoding="utf-8")
    (folder / "model.json").write_text(json.dumps(instances.of("ModelDetailsResponse", vary=ITEMS)), encoding="utf-8")
    return folder


class Server:
    def __init__(self, payload: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_server.py")), str(payload)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.isdigit():
            self.close()
            raise RuntimeError(f"the benchmark server did not start (said {line!r})")
        self.url = f"http://127.0.0.1:{line}"

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _env(path: Path, **extra: str) -> dict[str, str]:
    env = peers.child_env()
    env["PYTHONPATH"] = str(path)
    env.update(extra)
    return env


def _child(python: Path | str, args: list[str], env: dict[str, str]) -> tuple[dict[str, Any], float]:
    result = run([str(python), str(CHILD), *args], cwd=peers.WORK, env=env, timeout=300)
    if not result.ok:
        raise RuntimeError(f"{' '.join(args[:2])}: {result.failure()}")
    return json.loads(result.stdout), result.peak_kb / 1024


def section(setup: Setup, rounds: int, goals: list[Goal]) -> dict[str, Any]:
    folder = setup.work / "client"
    note("client: generating both clients from spec/openapi.yaml (untimed)")
    clients = _generate(setup, folder)
    ours_env = _env(clients.ours)
    opc_env = _env(clients.opc, OPC_PACKAGE=clients.opc_package)
    results: dict[str, Any] = {}

    # -- import time --------------------------------------------------------------------------
    cases: list[tuple[str, Path | str, list[str], dict[str, str]]] = [
        ("import httpx, pydantic", sys.executable, ["import", "httpx,pydantic"], ours_env),
        ("import datarobot_models_client", sys.executable, ["import", "datarobot_models_client"], ours_env),
        ("  + Client() + client.models (first use)", sys.executable, ["first-use"], ours_env),
        (f"import {clients.opc_package} (opc)", peers.OPC.python, ["import", clients.opc_package], opc_env),
    ]
    times: dict[str, list[float]] = {c[0]: [] for c in cases}
    peaks: dict[str, list[float]] = {c[0]: [] for c in cases}
    import_rounds = max(rounds * 5, 5)
    note(f"client: import time, {import_rounds} fresh processes each")
    for _ in range(import_rounds):
        for name, python, args, env in cases:
            data, peak = _child(python, args, env)
            times[name].append(data["seconds"])
            peaks[name].append(peak)
    medians = {name: statistics.median(v) for name, v in times.items()}
    base = medians[cases[0][0]]
    heading("Generated client: import time",
            f"Seconds spent in the import statement (interpreter start-up excluded), median of {import_rounds} fresh processes; "
            "bytecode compiled.")
    table(["what", "median", "min", "over httpx+pydantic", "peak MB"],
          [[name, seconds(medians[name]), seconds(min(times[name])),
            seconds(medians[name] - base) if i else "-", f"{statistics.median(peaks[name]):.0f}"]
           for i, (name, *_rest) in enumerate(cases)])
    import_goal = Goal("client", "import costs at most 50 ms more than httpx + pydantic",
                       medians[cases[1][0]] - base, 0.050, "s")
    goals.append(import_goal)
    out(import_goal.line())
    extra = _extra_imports(ours_env)
    out("modules imported beyond httpx + pydantic, by self time (python -X importtime, one run): "
        + ", ".join(f"{name} {ms:.1f} ms" for name, ms in extra[:6]))
    results["importtime"] = extra
    results["import"] = {name: {"median_s": medians[name], "runs_s": times[name], "peak_mb": statistics.median(peaks[name])}
                         for name in times}

    # -- calls against the local server -------------------------------------------------------
    server = Server(_payload(folder / "payload"))
    try:
        list_cases = [
            ("raw httpx + json.loads + pydantic", sys.executable, "raw", ours_env),
            ("raw httpx + TypeAdapter.validate_json (floor)", sys.executable, "raw-json", ours_env),
            ("ours: client.models.list_models()", sys.executable, "ours", ours_env),
            ("openapi-python-client: list_models.sync()", peers.OPC.python, "opc", opc_env),
        ]
        per_call = _calls("list", list_cases, server.url, rounds, calls=50, batches=5)
        job_cases = [
            ("raw httpx: POST, GET status (303), GET model", sys.executable, "raw", ours_env),
            ("ours: create_model(...).wait()", sys.executable, "ours", ours_env),
        ]
        per_job = _calls("job", job_cases, server.url, rounds, calls=50, batches=5)
        first_cases = [
            ("import httpx, pydantic (the yardstick, measured alongside)", "import"),
            ("raw: import httpx, pydantic + httpx.Client() + GET + json.loads", "raw"),
            ("ours: import datarobot_models_client + Client() + get_model() parsed", "ours"),
        ]
        first: dict[str, list[float]] = {name: [] for name, _ in first_cases}
        first_imports: dict[str, list[float]] = {name: [] for name, _ in first_cases}
        note(f"client: import + first parsed call, {import_rounds} fresh processes each")
        for _ in range(import_rounds):
            for name, kind in first_cases:
                args = ["import", "httpx,pydantic"] if kind == "import" else ["first-call", kind, server.url]
                data, _peak = _child(sys.executable, args, ours_env)
                first[name].append(data["seconds"])
                first_imports[name].append(data.get("import", data["seconds"]))
    finally:
        server.close()
    raw, _floor, ours, opc = (statistics.median(per_call[c[0]]) for c in list_cases)
    heading("Generated client: one list call (100 ModelDetailsResponse items, 135 KB of JSON)",
            f"Local server on 127.0.0.1 in its own process, keep-alive; per-call time = batch time / 50 calls, "
            f"median of {rounds} rounds x 5 batches, after 20 warm-up calls.")
    table(["client", "median per call", "min", "vs raw"],
          [[name, seconds(statistics.median(per_call[name])), seconds(min(per_call[name])),
            f"{statistics.median(per_call[name]) / raw:.2f}x"] for name, *_ in list_cases])
    list_goal = Goal("client", "list call at most 1.5x raw httpx + json.loads + validation", ours / raw, 1.5, "x")
    opc_goal = Goal("client", "list call faster than openapi-python-client's client", ours / opc, 1.0, "x")
    goals.extend([list_goal, opc_goal])
    out(list_goal.line())
    out(opc_goal.line() + " (ratio ours/opc)")
    raw_job = statistics.median(per_job[job_cases[0][0]])
    heading("Generated client: 202 -> job -> wait round trip",
            "POST answered 202 + Location; one poll answered 303 to the model; GET the model and parse it "
            "(3 requests). wait(poll_interval=0); openapi-python-client has no job support.")
    table(["client", "median per round trip", "min", "vs raw"],
          [[name, seconds(statistics.median(per_job[name])), seconds(min(per_job[name])),
            f"{statistics.median(per_job[name]) / raw_job:.2f}x"] for name, *_ in job_cases])
    first_medians = {name: statistics.median(v) for name, v in first.items()}
    first_base, raw_first, ours_first = (first_medians[name] for name, _ in first_cases)
    heading("Generated client: import plus the first call that parses a response",
            f"One fresh process per run, median of {import_rounds}, the three alternating: from nothing imported to "
            "the first answer (GET one model from the local server) parsed; interpreter start-up excluded. The "
            "yardstick is `import httpx, pydantic` alone, measured in the same rounds.")
    table(["what", "median", "min", "of which import", "over import httpx+pydantic", "over the raw first call"],
          [[name, seconds(first_medians[name]), seconds(min(first[name])), seconds(statistics.median(first_imports[name])),
            seconds(first_medians[name] - first_base) if kind != "import" else "-",
            seconds(first_medians[name] - raw_first) if kind == "ours" else "-"]
           for name, kind in first_cases])
    first_goal = Goal("client", "import + first parsed call at most 50 ms more than import httpx + pydantic",
                      ours_first - first_base, 0.050, "s")
    goals.append(first_goal)
    out(first_goal.line())
    results["first_call"] = {name: {"median_s": first_medians[name], "runs_s": first[name],
                                    "import_median_s": statistics.median(first_imports[name])} for name in first}
    results["list"] = {name: {"median_s": statistics.median(v), "batches_s": v} for name, v in per_call.items()}
    results["job"] = {name: {"median_s": statistics.median(v), "batches_s": v} for name, v in per_job.items()}
    return results


def _importtime(code: str, env: dict[str, str]) -> dict[str, float]:
    """Self time in ms of every module `code` imports, from python -X importtime."""
    result = run([sys.executable, "-X", "importtime", "-c", code], cwd=peers.WORK, env=env, timeout=120)
    modules: dict[str, float] = {}
    for line in result.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            modules[parts[2].strip()] = int(parts[0]) / 1000
    return modules


def _extra_imports(env: dict[str, str]) -> list[tuple[str, float]]:
    """What importing our client loads that httpx and pydantic do not, grouped by top-level package."""
    base = _importtime("import httpx, pydantic", env)
    ours = _importtime("import datarobot_models_client", env)
    grouped: dict[str, float] = {}
    for name, ms in ours.items():
        if name not in base:
            top = name.split(".")[0] if not name.startswith("datarobot_models_client") else name
            grouped[top] = grouped.get(top, 0.0) + ms
    return sorted(grouped.items(), key=lambda item: -item[1])


def _calls(mode: str, cases: list[tuple[str, Any, str, dict[str, str]]], url: str, rounds: int, *, calls: int,
           batches: int) -> dict[str, list[float]]:
    per_call: dict[str, list[float]] = {c[0]: [] for c in cases}
    note(f"client: {mode} calls, {rounds} rounds")
    for _ in range(rounds):
        for name, python, kind, env in cases:
            data, _peak = _child(python, [mode, kind, url, str(calls), str(batches)], env)
            per_call[name].extend(data["per_call"])
    return per_call
