"""The API reference: Markdown pages and a static HTML site, from the same IR.

Which files exist and what each template is given. Markdown (diffable, readable on a code
host) lands in `<docs_dir>/`: an index, one page per resource, one page of schemas. The
site lands in `<docs_dir>/site/`: the same pages as HTML plus local CSS and JS (no CDN, so
it works from file:// and any static host) and a search index.

Cross-references (which page an operation is on, what replaces a deprecated operation,
which schemas refer to which) are worked out here once, so templates only look them up.
This module escapes nothing itself: the templates escape every spec text for where it
lands, through the filters in generator/filters.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..config import Config
from ..filters import html_id, type_parts
from ..ir.nodes import Api, Operation, Resource, Schema
from . import samples

ASSETS = Path(__file__).resolve().parent.parent.parent / "templates" / "docs" / "site" / "assets"


@dataclass(frozen=True)
class Sample:
    curl: str
    python: str


@dataclass(frozen=True)
class Reference:
    """Everything a page needs to link across pages, computed once per API."""

    page_of: dict[str, str]  # operationId -> page stem under resources/ ("models")
    resource_page: dict[str, str]  # resource attr_name -> page stem
    operation: dict[str, Operation]  # operationId -> operation
    replacement: dict[str, Operation]  # operationId of a deprecated operation -> its replacement
    referenced_by: dict[str, tuple[str, ...]]  # schema name -> schemas that refer to it
    names: tuple[str, ...]  # every component schema name, for linking type labels
    samples: dict[str, Sample]  # operationId -> code samples


def header(api: Api, config: Config) -> str:
    by = f" by {config.tool_name}" if config.tool_name else ""
    return f"Generated{by} from {api.spec_name}; do not edit by hand."


def files(env: jinja2.Environment, api: Api, config: Config) -> dict[str, str]:
    root = config.docs_dir
    ref = reference(api, config)
    base = {"api": api, "config": config, "header": header(api, config), "ref": ref}
    out: dict[str, str] = {}

    def render(template: str, path: str, depth: int, **extra: object) -> None:
        prefix = "../" * depth
        out[f"{root}/{path}"] = env.get_template(f"docs/{template}").render(**base, root=prefix, **extra)

    render("index.md.jinja", "index.md", 0)
    render("schemas.md.jinja", "schemas.md", 0)
    render("site/index.html.jinja", "site/index.html", 0, page="index")
    render("site/schemas.html.jinja", "site/schemas.html", 0, page="schemas")
    for resource in api.resources:
        stem = page_stem(resource)
        render("resource.md.jinja", f"resources/{stem}.md", 1, resource=resource)
        render("site/resource.html.jinja", f"site/resources/{stem}.html", 1, resource=resource, page=stem)
    render("site/search-index.js.jinja", "site/assets/search-index.js", 0, entries=search_entries(api, ref))
    for asset in sorted(ASSETS.iterdir()):
        if asset.is_file():
            by = f" by {config.tool_name}" if config.tool_name else ""
            comment = f"/* Generated{by} from templates/docs/site/assets/{asset.name}; do not edit by hand. */"
            out[f"{root}/site/assets/{asset.name}"] = comment + "\n" + asset.read_text(encoding="utf-8")
    return out


def page_stem(resource: Resource) -> str:
    """The file name (without extension) of a resource's page: its client module name,
    which ir.naming has already made unique and safe as a file name."""
    return resource.module


def reference(api: Api, config: Config) -> Reference:
    page_of = {op.operation_id: page_stem(r) for r in api.resources for op in r.operations}
    by_id = {op.operation_id: op for op in api.operations}
    by_route = {f"{op.http_method} {op.path}": op for op in api.operations}
    replacement: dict[str, Operation] = {}
    for op in api.operations:
        wanted = " ".join(op.replaced_by.split())
        if not op.deprecated or not wanted:
            continue
        method, _, path = wanted.partition(" ")
        target = by_id.get(wanted) or by_route.get(f"{method.upper()} {path}")
        if target is not None and target.operation_id != op.operation_id:
            replacement[op.operation_id] = target
    names = tuple(s.name for s in api.schemas)
    referenced_by: dict[str, set[str]] = {}
    for schema in api.schemas:
        for name in _refers_to(schema, names):
            if name != schema.name:
                referenced_by.setdefault(name, set()).add(schema.name)
    sample_by_id = {
        op.operation_id: Sample(samples.curl(op, api, config), samples.python(op, resource, config))
        for resource in api.resources
        for op in resource.operations
    }
    return Reference(
        page_of=page_of,
        resource_page={r.attr_name: page_stem(r) for r in api.resources},
        operation=by_id,
        replacement=replacement,
        referenced_by={k: tuple(sorted(v)) for k, v in sorted(referenced_by.items())},
        names=names,
        samples=sample_by_id,
    )


def _refers_to(schema: Schema, names: tuple[str, ...]) -> set[str]:
    found = set(schema.variants)
    labels = [p.type_label for p in schema.properties] + [schema.type_label]
    found.update(p.ref for p in schema.properties if p.ref)
    for label in labels:
        found.update(name for _, name in type_parts(label, names) if name)
    return found


def search_entries(api: Api, ref: Reference) -> list[dict[str, object]]:
    """The search index: one entry per operation and per schema, in page order. Short keys
    keep the file small; docs.js reads them (k kind, n name, t title, p path, m method,
    g group, u URL relative to the site root, d deprecated)."""
    entries: list[dict[str, object]] = []
    for resource in api.resources:
        for op in resource.operations:
            entries.append(
                {
                    "k": "operation",
                    "n": op.operation_id,
                    "t": op.summary or op.operation_id,
                    "m": op.http_method,
                    "p": op.path,
                    "g": resource.tag,
                    "u": f"resources/{ref.page_of[op.operation_id]}.html#{html_id(op.anchor)}",
                    "d": op.deprecated,
                }
            )
    for schema in api.schemas:
        entries.append(
            {
                "k": "schema",
                "n": schema.name,
                "t": " ".join(schema.description.split())[:120],
                "m": "",
                "p": "",
                "g": "Schemas",
                "u": f"schemas.html#{html_id(schema.name)}",
                "d": False,
            }
        )
    return entries
