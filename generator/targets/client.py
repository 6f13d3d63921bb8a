"""The Python client package: which files exist, and which template or runtime file
each comes from. Models come from the models stage (datamodel-code-generator).

The templates and the runtime files are written as black writes them (generator/layout.py),
so every module but the models is declared black-stable and the format stage skips black
for it; a module whose layout layout.py does not predict is left to black."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jinja2

from .. import layout, pyast
from ..cache import NO_CACHE, Cache
from ..config import Config
from ..filters import comment, docstring
from ..ir.nodes import Api
from ..models import render_models
from ..format import format_module
from ..models_layout import format_models
from ..partition import partition
from ..surface import extract

RUNTIME = Path(__file__).resolve().parent.parent.parent / "templates" / "client" / "runtime"
# Runtime files kept black-formatted in the repository (tidy_imports and black leave them as
# they are; tests/generator/test_black_stable.py checks it).
BLACK_STABLE_RUNTIME = frozenset({"_base_client.py", "_errors.py", "_files.py", "_models.py"})
BLACK_STABLE_TEMPLATES = frozenset({"__init__.py.jinja", "_client.py.jinja", "resources__init__.py.jinja", "resource.py.jinja"})


def header(api: Api, config: Config, source: str = "") -> str:
    origin = comment(source or api.spec_name)  # a file name may hold a newline: keep it in the comment
    by = f" by {comment(config.tool_name)}" if config.tool_name else ""
    return f"# Generated{by} from {origin}; do not edit by hand."


def files(
    env: jinja2.Environment,
    api: Api,
    config: Config,
    cache: Cache = NO_CACHE,
    stable: set[str] | None = None,
    models: Callable[[], tuple[str, str | None]] | None = None,
    api_md: bool = True,
) -> dict[str, str]:
    """Every file of the client; the paths of the modules black would leave unchanged are
    added to `stable`; with `api_md` false, API.md is left out (see api_reference). `models`,
    when given, returns the models code and, when the models child could afford it, that code
    laid out by models_layout.format_models, else None (the pipeline makes them on the other
    core while the templates render; it is called after every template but API.md has rendered)."""
    root = f"{config.client_dir}/{config.package_name}"
    context = {"api": api, "config": config, "header": header(api, config)}
    out: dict[str, str] = {}
    stable = set() if stable is None else stable

    def render(template: str, path: str, **extra: object) -> None:
        with layout.watch() as plain:
            text = env.get_template(f"client/{template}").render(**context, **extra)
        if template in BLACK_STABLE_TEMPLATES:
            settled = layout.settle_docstrings(_settle_imports(text, config.package_name, cache))
            if settled is not None and not plain and layout.fits(settled):
                text = settled
                stable.add(path)
        out[path] = text

    render("pyproject.toml.jinja", f"{config.client_dir}/pyproject.toml")
    render("README.md.jinja", f"{config.client_dir}/README.md")
    render("__init__.py.jinja", f"{root}/__init__.py")
    render("_client.py.jinja", f"{root}/_client.py")
    render("resources__init__.py.jinja", f"{root}/resources/__init__.py")
    for resource in api.resources:
        render("resource.py.jinja", f"{root}/resources/{resource.module}.py", resource=resource)
    out[f"{root}/py.typed"] = header(api, config) + "\n"
    for runtime in sorted(RUNTIME.glob("*.py")):
        text = runtime.read_text(encoding="utf-8")
        out[f"{root}/{runtime.name}"] = header(api, config, f"templates/client/runtime/{runtime.name}") + "\n" + text
        if runtime.name in BLACK_STABLE_RUNTIME:
            stable.add(f"{root}/{runtime.name}")
    code, formatted = (render_models(api, config.package_name, cache), None) if models is None else models()
    about = f"The models of {docstring(api.title)}: one pydantic class per schema."
    key = cache.key("types", config.package_name, header(api, config), about, code)
    cached = cache.get("types", key)  # after an edit that leaves the models alone: all of it
    if cached is None:
        if formatted is None:  # not laid out by the models child (see pipeline._models)
            formatted = format_models(code, lambda text: format_module(text, config.package_name, cache))
            pyast.forget()  # one large tree at a time: partition parses its own
        assert formatted is not None
        types: dict[str, tuple[str, bool]] = {}
        for name, text in partition(formatted, header(api, config), about).items():
            settled = _settle_types(text, config.package_name, cache)
            types[name] = (text, False) if settled is None else (settled, True)
        cache.put("types", key, json.dumps(types))
    else:
        types = {name: (text, is_stable) for name, (text, is_stable) in json.loads(cached).items()}
    for name, (text, is_stable) in types.items():
        out[f"{root}/types/{name}"] = text
        if is_stable:
            stable.add(f"{root}/types/{name}")
    if api_md:
        out.update(api_reference(env, api, config, code))
    return out


def api_reference(env: jinja2.Environment, api: Api, config: Config, code: str) -> dict[str, str]:
    """API.md: the client's public surface, from the IR and the models module (`files` renders
    it last, unless the pipeline has it rendered elsewhere)."""
    surface = extract(api, config.package_name, code)
    pyast.forget()
    text = env.get_template("client/API.md.jinja").render(api=api, config=config, header=header(api, config), surface=surface)
    return {f"{config.client_dir}/API.md": text}


def _settle_types(text: str, first_party: str, cache: Cache) -> str | None:
    """A module of the types package as black writes it (its classes come black-formatted from
    format_models; its import block is tidied and wrapped here), or None when its module
    docstring (the spec's title) has a shape layout.settle_docstrings does not cover."""
    docstring_line = text.split("\n", 2)[1]  # after the header comment
    if layout.settle_docstrings(docstring_line) != docstring_line:
        return None
    return _settle_imports(text, first_party, cache)


def _settle_imports(text: str, first_party: str, cache: Cache) -> str:
    """layout.settle_imports, cached by content: it parses the module, which costs more than
    rendering it, and after a one-operation edit all but one module are as before."""
    key = cache.key("imports", first_party, text)
    settled = cache.get("imports", key)
    if settled is None:
        settled = layout.settle_imports(text, first_party)
        cache.put("imports", key, settled)
    return settled
