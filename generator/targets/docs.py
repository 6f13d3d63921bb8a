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

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..config import Config
from ..errors import Location, Problem, SpecWarning
from ..filters import html_id, rest_prose, route_key, type_parts
from ..ir.build import is_json_media
from ..ir.examples import to_json_text, type_example
from ..ir.nodes import Api, Operation, Resource, Schema
from ..load import escape_token
from . import samples
from .fields import Field, Source, body_tree, component_trees

ASSETS = Path(__file__).resolve().parent.parent.parent / "templates" / "docs" / "site" / "assets"
DESCRIPTION_IN_INDEX = 240  # characters of a description the search index keeps


@dataclass(frozen=True)
class Sample:
    curl: str
    python: str
    request: str  # the body as the reader sends it: JSON, or form fields one per line ("" for none)
    request_kind: str  # "json", "form" or ""
    builder: str  # JSON for the request builder in docs.js (samples.builder)


@dataclass(frozen=True)
class Server:
    url: str
    description: str


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
    schema_trees: dict[str, Field]  # component name -> its fields at every depth
    bodies: dict[str, Field]  # operationId -> request body fields (its own $ref followed)
    responses: dict[str, dict[str, Field]]  # operationId -> status -> response body fields
    response_samples: dict[str, dict[str, str]]  # operationId -> status -> sample JSON text
    routes: dict[str, str]  # route_key -> "resources/<page>.html#<anchor>" (site root relative)
    md_routes: dict[str, str]  # the same for the Markdown pages
    servers: tuple[Server, ...]
    security_description: str
    builder_base: str  # JSON shared by every operation's request builder: servers, auth, client


def header(api: Api, config: Config) -> str:
    by = f" by {config.tool_name}" if config.tool_name else ""
    return f"Generated{by} from {api.spec_name}; do not edit by hand."


PARTS = ("markdown", "site")


def files(env: jinja2.Environment, api: Api, config: Config, spec: dict[str, Any], parts: tuple[str, ...] = PARTS) -> dict[str, str]:
    """Every reference file of the chosen `parts` (the Markdown pages; the static site with its
    search index and assets), which can render in separate processes; the Markdown part
    reports the prose warnings. `spec` is the validated document's data, read only through
    fields.Source, for what the IR does not carry yet: server and security descriptions and
    the media types' own examples."""
    root = config.docs_dir
    source = Source(spec)
    ref = reference(api, config, source)
    markdown, site = "markdown" in parts, "site" in parts
    if markdown:
        warn_about_prose(api, ref, source)
    base = {"api": api, "config": config, "header": header(api, config), "ref": ref}
    out: dict[str, str] = {}

    def render(template: str, path: str, depth: int, **extra: object) -> None:
        prefix = "../" * depth
        out[f"{root}/{path}"] = env.get_template(f"docs/{template}").render(**base, root=prefix, **extra)

    if markdown:
        render("index.md.jinja", "index.md", 0)
        render("schemas.md.jinja", "schemas.md", 0)
    if site:
        render("site/index.html.jinja", "site/index.html", 0, page="index")
        render("site/schemas.html.jinja", "site/schemas.html", 0, page="schemas")
    for resource in api.resources:
        stem = page_stem(resource)
        if markdown:
            render("resource.md.jinja", f"resources/{stem}.md", 1, resource=resource)
        if site:
            render("site/resource.html.jinja", f"site/resources/{stem}.html", 1, resource=resource, page=stem)
    if not site:
        return out
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


def reference(api: Api, config: Config, source: Source) -> Reference:
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
    by_class = {t.class_name: t for t in api.types}
    lookup = by_class.get
    bodies: dict[str, Field] = {}
    responses: dict[str, dict[str, Field]] = {}
    response_samples: dict[str, dict[str, str]] = {}
    sample_by_id: dict[str, Sample] = {}
    for resource in api.resources:
        for op in resource.operations:
            if op.body is not None and op.body.type is not None:
                bodies[op.operation_id] = body_tree(api, op.body.type, op.pointer + "/requestBody", required=op.body.required)
            for response in op.responses:
                if response.type is not None:
                    responses.setdefault(op.operation_id, {})[response.status] = body_tree(api, response.type, f"{op.pointer}/responses/{escape_token(response.status)}")
            given = _media_examples(source, op)
            for response in op.responses:
                if response.type is not None and response.media_type and is_json_media(response.media_type):
                    value = given[response.status][0] if response.status in given else type_example(response.type, lookup)
                    response_samples.setdefault(op.operation_id, {})[response.status] = json.dumps(json.loads(to_json_text(value)), indent=2,
                                                                                                 ensure_ascii=False)
            sample_by_id[op.operation_id] = Sample(samples.curl(op, api, config), samples.python(op, resource, config), *_request_sample(op),
                                                   json.dumps(samples.builder(op, resource), ensure_ascii=False, separators=(",", ":")))
    routes = {route_key(op.http_method, op.path): f"resources/{page_of[op.operation_id]}.html#{html_id(op.anchor)}" for op in api.operations}
    return Reference(
        page_of=page_of,
        resource_page={r.attr_name: page_stem(r) for r in api.resources},
        operation=by_id,
        replacement=replacement,
        referenced_by={k: tuple(sorted(v)) for k, v in sorted(referenced_by.items())},
        names=names,
        samples=sample_by_id,
        schema_trees=component_trees(api),
        bodies=bodies,
        responses=responses,
        response_samples=response_samples,
        routes=routes,
        md_routes={k: v.replace(".html#", ".md#", 1) for k, v in routes.items()},
        servers=_servers(source),
        security_description=_security_description(source),
        builder_base=json.dumps({
            "servers": [s.url for s in _servers(source)] or ["http://localhost"], "header": api.security.header, "prefix": api.security.prefix,
            "env": config.token_env, "endpoint_env": config.endpoint_env, "package": config.package_name, "client": config.client_class,
        }, ensure_ascii=False, separators=(",", ":")),
    )


# -- the adapter over the document (until the IR carries these; see fields.py) -----------------
def _media_examples(source: Source, op: Operation) -> dict[str, tuple[Any]]:
    """status -> (the response media type's own `example`, or its first `examples` value,),
    where the spec gives one (read from the document: the IR does not carry them yet)."""
    raw = (source.at(op.pointer) or {}).get("responses") or {}
    out: dict[str, tuple[Any]] = {}
    for response in op.responses:
        if not response.media_type or response.status not in raw:
            continue
        resolved, _ = source.deref(raw[response.status])
        media = ((resolved or {}).get("content") or {}).get(response.media_type)
        if not isinstance(media, dict):
            continue
        if "example" in media:
            out[response.status] = (media["example"],)
        elif isinstance(media.get("examples"), dict) and media["examples"]:
            first, _ = source.deref(next(iter(media["examples"].values())))
            if isinstance(first, dict) and "value" in first:
                out[response.status] = (first["value"],)
    return out


def _request_sample(op: Operation) -> tuple[str, str]:
    body = op.body
    if body is None or not body.example:
        return "", ""
    value = json.loads(body.example)
    if body.encoding == "json":
        return json.dumps(value, indent=2, ensure_ascii=False), "json"
    files = {f.name for f in body.fields if f.is_file}
    lines = [f"{name}=@{samples.wire_text(v)}" if name in files else f"{name}={samples.wire_text(v)}" for name, v in (value.items() if isinstance(value, dict) else ())]
    return "\n".join(lines), "form"


def _servers(source: Source) -> tuple[Server, ...]:
    out = []
    for server in source.data.get("servers") or []:
        if isinstance(server, dict) and server.get("url"):
            url = str(server["url"])
            for name, variable in (server.get("variables") or {}).items():
                if isinstance(variable, dict) and "default" in variable:
                    url = url.replace("{" + str(name) + "}", str(variable["default"]))
            out.append(Server(url, str(server.get("description") or "")))
    return tuple(out)


def _security_description(source: Source) -> str:
    schemes = (source.data.get("components") or {}).get("securitySchemes") or {}
    return "\n\n".join(str(s["description"]) for s in schemes.values() if isinstance(s, dict) and s.get("description"))


def warn_about_prose(api: Api, ref: Reference, source: Source) -> None:
    """One located warning per reST directive or role the reference does not know, so the
    spec can be fixed (spec/CURATION.md); the text is shown as written."""
    texts: list[tuple[str, str]] = [("/info/description", api.description)]
    for index, tag in enumerate(source.data.get("tags") or []):
        if isinstance(tag, dict):
            texts.append((f"/tags/{index}/description", str(tag.get("description") or "")))
    for op in api.operations:
        texts.append((op.pointer + "/description", op.description))
        texts += [(p.pointer + "/description", p.description) for p in op.parameters]
        texts += [(f"{op.pointer}/responses/{escape_token(r.status)}/description", r.description) for r in op.responses]
    for root in [*ref.schema_trees.values(), *ref.bodies.values(), *(f for by in ref.responses.values() for f in by.values())]:
        texts += [(f.pointer + "/description", f.description) for f in [root, *root.walk()]]
    for pointer, text in dict(texts).items():
        for what in rest_prose(text)[1]:
            warnings.warn(SpecWarning(Problem(Location(api.spec_name, pointer), f"unknown reST markup {what} in a description; it is shown as written",
                                              "rewrite it as Markdown or plain text (record the change in spec/CURATION.md)")), stacklevel=2)


def _refers_to(schema: Schema, names: tuple[str, ...]) -> set[str]:
    found = set(schema.variants)
    labels = [p.type_label for p in schema.properties] + [schema.type_label]
    found.update(p.ref for p in schema.properties if p.ref)
    for label in labels:
        found.update(name for _, name in type_parts(label, names) if name)
    return found


def _snippet(text: str) -> str:
    plain = " ".join(rest_prose(text)[0].replace("`", "").split())
    return plain if len(plain) <= DESCRIPTION_IN_INDEX else plain[: DESCRIPTION_IN_INDEX - 1].rsplit(" ", 1)[0] + "\u2026"


_WHERE = {"path": "p", "query": "q", "header": "h", "cookie": "c"}


def _paths(root: Field | None) -> list[str]:
    return [f.path for f in root.walk() if f.path] if root is not None else []


def search_entries(api: Api, ref: Reference) -> list[dict[str, object]]:
    """The search index: one entry per operation and per schema, in page order. Short keys
    keep the file small; docs.js reads them (k kind, n name, t title, p path, m method,
    g group, u URL relative to the site root, d deprecated, x the description's start,
    f where else a term can match: "q:samplePct" a query parameter, "b:" a body field,
    "r:" a response field, "f:" a schema's field; p/h/c path, header, cookie parameters)."""
    entries: list[dict[str, object]] = []
    for resource in api.resources:
        for op in resource.operations:
            where = [f"{_WHERE.get(p.location, 'q')}:{p.name}" for p in op.parameters]
            where += [f"b:{path}" for path in _paths(ref.bodies.get(op.operation_id))]
            for root in ref.responses.get(op.operation_id, {}).values():
                where += [f"r:{path}" for path in _paths(root)]
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
                    "x": _snippet(op.description) if op.description.strip() != op.summary.strip() else "",
                    "f": list(dict.fromkeys(where)),
                }
            )
    for schema in api.schemas:
        entries.append(
            {
                "k": "schema",
                "n": schema.name,
                "t": _snippet(schema.description),
                "m": "",
                "p": "",
                "g": "Schemas",
                "u": f"schemas.html#{html_id(schema.name)}",
                "d": False,
                "x": "",
                "f": list(dict.fromkeys(f"f:{path}" for path in _paths(ref.schema_trees[schema.name]))),
            }
        )
    return entries
