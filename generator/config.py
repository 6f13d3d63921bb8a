"""The generator's settings: one frozen object, built once from pyproject.toml's
[tool.generator] table and the command-line flags, then passed explicitly to every stage.

It does not read the spec or touch the output folder.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError, Location, Problem

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Config:
    spec: Path = Path("spec/openapi.yaml")
    out: Path = Path("generated")
    package_name: str = "api_client"
    distribution_name: str = "api-client"
    package_version: str = "0.1.0"
    client_dir: str = "python"
    docs_dir: str = "docs"
    client_class: str = "Client"
    endpoint_env: str = "API_ENDPOINT"
    token_env: str = "API_TOKEN"
    cache_dir: Path | None = None  # content-addressed cache of slow pure stages; None disables it
    strict: bool = False  # every warning (a conformance problem, an approximation) is an error

    @property
    def client_root(self) -> Path:
        return self.out / self.client_dir

    @property
    def docs_root(self) -> Path:
        return self.out / self.docs_dir


_KEYS = {f.name for f in fields(Config)}


def load_config(project_root: Path, overrides: dict[str, object]) -> Config:
    """Build the config: defaults < pyproject.toml [tool.generator] < non-None overrides."""
    pyproject = project_root / "pyproject.toml"
    table: dict[str, object] = {}
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                Problem(Location(str(pyproject)), f"invalid TOML: {exc}", "fix the syntax")
            ) from None
        table = dict(data.get("tool", {}).get("generator", {}))
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            Problem(
                Location(str(pyproject), "/tool/generator"),
                f"unknown setting(s): {', '.join(unknown)}",
                f"known settings are: {', '.join(sorted(_KEYS))}",
            )
        )
    table.update({k: v for k, v in overrides.items() if v is not None})
    values: dict[str, object] = {}
    for key, value in table.items():
        if key == "cache_dir" and value == "":
            values[key] = None
        elif key == "strict":
            if not isinstance(value, bool):
                raise ConfigError(
                    Problem(Location(str(pyproject), "/tool/generator/strict"), "must be true or false")
                )
            values[key] = value
        elif key in ("spec", "out", "cache_dir"):
            path = Path(str(value))
            values[key] = path if path.is_absolute() else project_root / path
        else:
            if not isinstance(value, str):
                raise ConfigError(
                    Problem(Location(str(pyproject), f"/tool/generator/{key}"), "must be a string")
                )
            values[key] = value
    config = replace(Config(), **values)  # type: ignore[arg-type]
    _check(config, pyproject)
    return config


def _check(config: Config, pyproject: Path) -> None:
    problems = []
    if not _IDENT.match(config.package_name):
        problems.append(
            Problem(
                Location(str(pyproject), "/tool/generator/package_name"),
                f"{config.package_name!r} is not a Python identifier",
                "use lower_snake_case, e.g. my_api_client",
            )
        )
    if not _IDENT.match(config.client_class):
        problems.append(
            Problem(
                Location(str(pyproject), "/tool/generator/client_class"),
                f"{config.client_class!r} is not a Python identifier",
            )
        )
    for key in ("client_dir", "docs_dir"):
        value = getattr(config, key)
        if not value or Path(value).is_absolute() or ".." in Path(value).parts:
            problems.append(
                Problem(
                    Location(str(pyproject), f"/tool/generator/{key}"),
                    f"{value!r} must be a relative folder inside the output folder",
                )
            )
    if problems:
        raise ConfigError(problems)
