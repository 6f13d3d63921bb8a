"""Render the IR into files: owns the Jinja environment and the filters.

IR in, `{relative path: text}` out. Each output target (the Python client, the docs)
lists its files in generator/targets/; this module only provides the environment and
combines the targets. It writes nothing and does not format code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from . import layout
from .cache import NO_CACHE, Cache
from .config import Config
from .filters import FILTERS
from .ir.nodes import Api
from .targets import client, docs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(cache: Cache = NO_CACHE) -> jinja2.Environment:
    bytecode = jinja2.FileSystemBytecodeCache(str(_mkdir(cache.root / "jinja"))) if cache.root else None
    env = jinja2.Environment(
        bytecode_cache=bytecode,
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.jinja", "html"), default_for_string=False, default=False),
    )
    env.filters.update(FILTERS)
    env.filters.update(layout.FILTERS)
    return env


def render(
    api: Api,
    config: Config,
    cache: Cache = NO_CACHE,
    stable: set[str] | None = None,
    models: Callable[[], tuple[str, str | None]] | None = None,
    docs: Sequence[Callable[[], dict[str, str]]] | None = None,
    *,
    spec: dict[str, Any],
    api_md: bool = True,
) -> dict[str, str]:
    """Every output file; the paths of modules already laid out as black would write them
    are added to `stable` (the format stage skips those). `models`: see client.files; `docs`,
    when given, return the reference's files, part by part (rendered elsewhere), and with
    `api_md` false one of them also returns the client's API.md.
    `spec` is the validated document's data; the reference reads schema trees, server and
    security descriptions from it until the IR carries them (see targets/fields.py)."""
    env = environment(cache)
    files: dict[str, str] = {}
    if docs is None:
        files.update(render_docs(api, config, cache, spec, env))  # first: more time for the models on the other core
    files.update(client.files(env, api, config, cache, stable, models, api_md))
    for part in docs or ():
        files.update(part())
    return dict(sorted(files.items()))


def render_docs(api: Api, config: Config, cache: Cache, spec: dict[str, Any], env: jinja2.Environment | None = None,
                parts: tuple[str, ...] = docs.PARTS, models_code: str | None = None) -> dict[str, str]:
    """The reference's files, or those of some of its parts (the pipeline renders the
    Markdown pages and the site in a child each), and the client's API.md when the models
    module is given."""
    env = env or environment(cache)
    files = docs.files(env, api, config, spec, parts)
    if models_code is not None:
        files.update(client.api_reference(env, api, config, models_code))
    return files


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
