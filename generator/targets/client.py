"""The Python client package: which files exist, and which template or runtime file
each comes from. Models come from the models stage (datamodel-code-generator)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..cache import NO_CACHE, Cache
from ..config import Config
from ..filters import comment, docstring
from ..ir.nodes import Api
from ..models import render_models
from ..partition import partition
from ..surface import extract

RUNTIME = Path(__file__).resolve().parent.parent.parent / "templates" / "client" / "runtime"


def header(api: Api, config: Config, source: str = "") -> str:
    origin = comment(source or api.spec_name)  # a file name may hold a newline: keep it in the comment
    by = f" by {comment(config.tool_name)}" if config.tool_name else ""
    return f"# Generated{by} from {origin}; do not edit by hand."


def files(env: jinja2.Environment, api: Api, config: Config, cache: Cache = NO_CACHE) -> dict[str, str]:
    root = f"{config.client_dir}/{config.package_name}"
    context = {"api": api, "config": config, "header": header(api, config)}
    out: dict[str, str] = {}

    def render(template: str, path: str, **extra: object) -> None:
        out[path] = env.get_template(f"client/{template}").render(**context, **extra)

    render("pyproject.toml.jinja", f"{config.client_dir}/pyproject.toml")
    render("README.md.jinja", f"{config.client_dir}/README.md")
    render("__init__.py.jinja", f"{root}/__init__.py")
    render("_client.py.jinja", f"{root}/_client.py")
    render("resources__init__.py.jinja", f"{root}/resources/__init__.py")
    for resource in api.resources:
        render("resource.py.jinja", f"{root}/resources/{resource.module}.py", resource=resource)
    models = render_models(api, config.package_name, cache)
    about = f"The models of {docstring(api.title)}: one pydantic class per schema."
    for name, text in partition(models, header(api, config), about).items():
        out[f"{root}/types/{name}"] = text
    render("API.md.jinja", f"{config.client_dir}/API.md", surface=extract(api, config.package_name, models))
    out[f"{root}/py.typed"] = header(api, config) + "\n"
    for runtime in sorted(RUNTIME.glob("*.py")):
        text = runtime.read_text(encoding="utf-8")
        out[f"{root}/{runtime.name}"] = header(api, config, f"templates/client/runtime/{runtime.name}") + "\n" + text
    return out
