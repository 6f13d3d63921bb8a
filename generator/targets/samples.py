"""Code samples for the reference: one curl command and one Python call per operation.

Both are built from the IR (the operation, its parameters' and body's example values)
and the config (package, client class, environment variable names). The curl command is
POSIX-shell safe whatever the spec says (every word is single-quoted); the Python sample
is real code against the generated client, which tests/docs type-checks with mypy.
Samples are plain text: the templates escape them for where they land.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from ..config import Config
from ..filters import py_literal, sh_quote
from ..ir.nodes import Api, Operation, Parameter, Resource

WIDTH = 88
_PLAIN = re.compile(r"^[A-Za-z0-9_-]+$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EXTENSIONS = {
    "application/java-archive": "jar",
    "application/json": "json",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "application/gzip": "gz",
    "image/png": "png",
    "text/csv": "csv",
    "text/plain": "txt",
}


def download_name(op: Operation) -> str:
    """The file a download sample writes to: named after the method, typed by the media type."""
    media = next((r.media_type for r in op.responses if r.status == op.result.status and r.media_type), "")
    return f"{op.method_name}.{_EXTENSIONS.get(media.split(';')[0].strip().lower(), 'bin')}"


def _value(param: Parameter) -> Any:
    return json.loads(param.example) if param.example else None


def wire_text(value: Any) -> str:
    """How a value is written in a URL, a header or a form field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def url(op: Operation, api: Api) -> str:
    """The full URL of the call: first server, path parameters filled in, required query
    parameters appended (lists repeated when exploded, comma-joined otherwise)."""
    base = (api.servers[0] if api.servers else "http://localhost").rstrip("/")
    path = op.path
    for p in op.path_params:
        path = path.replace("{" + p.name + "}", quote(wire_text(_value(p)), safe=""))
    pairs: list[str] = []
    for p in op.other_params:
        if p.location != "query" or not p.required:
            continue
        value = _value(p)
        values = value if isinstance(value, list) and p.explode else [value]
        for v in values:
            text = ",".join(wire_text(x) for x in v) if isinstance(v, list) else wire_text(v)
            pairs.append(f"{quote(p.name, safe='')}={quote(text, safe='')}")
    return base + path + ("?" + "&".join(pairs) if pairs else "")


def curl(op: Operation, api: Api, config: Config) -> str:
    words: list[str] = ["curl"]
    if op.http_method != "GET":
        words.append(f"-X {op.http_method}")
    lines = [" ".join(words) + " " + sh_quote(url(op, api))]
    lines.append(_auth_header(api, config))
    for p in op.other_params:
        if p.required and p.location == "header":
            lines.append(f"-H {sh_quote(p.name + ': ' + wire_text(_value(p)))}")
        elif p.required and p.location == "cookie":
            lines.append(f"-b {sh_quote(p.name + '=' + wire_text(_value(p)))}")
    body = op.body
    if body is not None:
        example = json.loads(body.example) if body.example else None
        if body.encoding == "json":
            lines.append(f"-H {sh_quote('Content-Type: ' + body.media_type)}")
            lines.append(f"--data {sh_quote(json.dumps(example, indent=2, ensure_ascii=False))}")
        elif body.encoding == "binary":
            lines.append(f"-H {sh_quote('Content-Type: ' + body.media_type)}")
            lines.append("--data-binary @file.bin")
        else:
            files = {f.name for f in body.fields if f.is_file}
            for name, value in (example or {}).items() if isinstance(example, dict) else ():
                if body.encoding == "multipart" and name in files:
                    lines.append(f"-F {sh_quote(name + '=@' + wire_text(value))}")
                elif body.encoding == "multipart":
                    lines.append(f"--form-string {sh_quote(name + '=' + wire_text(value))}")
                else:
                    lines.append(f"--data-urlencode {sh_quote(name + '=' + wire_text(value))}")
    if op.result.kind == "binary":
        lines.append(f"-o {sh_quote(download_name(op))}")
    return " \\\n  ".join(lines)


def _auth_header(api: Api, config: Config) -> str:
    header, prefix, env = api.security.header, api.security.prefix, config.token_env
    if _PLAIN.match(header) and (not prefix or _PLAIN.match(prefix)) and _ENV_NAME.match(env):
        return f'-H "{header}: {prefix + " " if prefix else ""}${env}"'
    # Anything unusual ($, `, ", ! mean something inside double quotes) is single-quoted,
    # with only the variable left outside the quotes.
    fixed = f"{header}: {prefix + ' ' if prefix else ''}"
    variable = f'"${env}"' if _ENV_NAME.match(env) else sh_quote(env)
    return f"-H {sh_quote(fixed)}{variable}"


def python(op: Operation, resource: Resource, config: Config) -> str:
    """A short script that makes the call with the generated client and uses the result."""
    args: list[tuple[str, str]] = [("", _py_value(p.example)) for p in op.path_params]
    body = op.body
    opens_file = body is not None and body.encoding == "binary"
    prepare: list[str] = []  # statements before the call
    imports = [f"from {config.package_name} import {config.client_class}"]
    model = _model_only(body.annotation) if body is not None and not opens_file else None
    if body is not None and model is not None:
        # The method takes models only (no Mapping): build them from the example.
        name, is_list = model
        imports.append(f"from {config.package_name}.types import {name}")
        literal = py_literal(body.example or "{}", 0, WIDTH)
        prepare.append(f"body = [{name}.model_validate(item) for item in {literal}]" if is_list else f"body = {name}.model_validate({literal})")
        args.append(("body=", "body"))
    elif body is not None:
        args.append(("body=", "f" if opens_file else _py_value(body.example or "{}")))
    for p in op.other_params:
        if p.required:
            args.append((f"{p.py_name}=", _py_value(p.example)))
    if op.result.kind == "binary":
        args.append(("destination=", _py_value(json.dumps(download_name(op)))))
    indent = 4 if opens_file else 0
    target = {"page": "for item in ", "job": "job = ", "binary": "size = ", "none": ""}.get(op.result.kind, "result = ")
    call = _call(f"{target}client.{resource.attr_name}.{op.method_name}", args, indent, op.result.kind == "page")
    lines = [
        *imports,
        "",
        f"client = {config.client_class}()  # endpoint and token from ${config.endpoint_env} and ${config.token_env}",
        *prepare,
    ]
    if op.deprecated:
        lines.append("# Deprecated" + (f": use {' '.join(op.replaced_by.split())} instead." if op.replaced_by else "."))
    if opens_file:
        lines.append('with open("file.bin", "rb") as f:')
    lines.append(call)
    if op.result.kind == "page":
        lines.append(" " * (indent + 4) + "print(item)")
    elif op.result.kind == "job":
        lines += ["result = job.wait()", "print(result)"]
    elif op.result.kind == "binary":
        lines.append('print(f"{size} bytes written")')
    elif op.result.kind != "none":
        lines.append("print(result)")
    return "\n".join(lines)


def builder(op: Operation, resource: Resource) -> dict[str, Any]:
    """What the reference's request builder (docs.js) needs to write the same curl and Python
    calls in the browser from values the reader types: the route, each parameter (wire name,
    where, Python name, required, example JSON), the body's encoding and fields."""
    body = op.body
    model = _model_only(body.annotation) if body is not None and body.encoding != "binary" else None
    return {
        "m": op.http_method,
        "p": op.path,
        "call": f"client.{resource.attr_name}.{op.method_name}",
        "params": [[p.name, p.location, p.py_name, p.required, p.example or "null"] for p in op.parameters],
        "body": None if body is None else {
            "enc": body.encoding, "media": body.media_type, "example": body.example or "", "model": model[0] if model else "",
            "list": bool(model and model[1]), "files": [f.name for f in body.fields if f.is_file],
        },
        "kind": op.result.kind,
        "dest": download_name(op) if op.result.kind == "binary" else "",
    }


def _model_only(annotation: str) -> tuple[str, bool] | None:
    """(model class, is a list) when a body parameter accepts models only, not a Mapping."""
    if "Mapping[" in annotation:
        return None
    match = re.fullmatch(r"list\[([A-Za-z_][A-Za-z0-9_]*)\]|([A-Za-z_][A-Za-z0-9_]*)", annotation)
    if not match:
        return None
    name = match.group(1) or match.group(2)
    if not name[0].isupper() or name == "Any":
        return None
    return name, match.group(1) is not None


def _py_value(example: str) -> str:
    """Marker for a literal still to be laid out (it depends on the indentation)."""
    return "\0" + (example or "null")


def _render(value: str, indent: int, used: int, width: int = WIDTH) -> str:
    if value.startswith("\0"):
        return py_literal(value[1:], indent, max(width - used, indent + 8))
    return value


def _call(head: str, args: list[tuple[str, str]], indent: int, is_loop: bool) -> str:
    pad = " " * indent
    tail = "):" if is_loop else ")"
    flat = f"{pad}{head}(" + ", ".join(key + _render(v, 0, 0, 10**9) for key, v in args) + tail
    if len(flat) <= WIDTH:
        return flat
    inner = "".join(f"{pad}    {key}{_render(v, indent + 4, len(key))},\n" for key, v in args)
    return f"{pad}{head}(\n{inner}{pad}{tail}"
