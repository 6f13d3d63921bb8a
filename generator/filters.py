"""Pure functions that escape or reshape spec text for the place it lands.

Each is registered as a Jinja filter in render.py and unit-tested on hostile input:
text from the spec must never be able to end a string, a docstring, a comment, a
Markdown table cell or an HTML element early.
"""

from __future__ import annotations

import json
import re

from typing import TYPE_CHECKING

from .ir.naming import pascal_case, snake_case

if TYPE_CHECKING:
    from .ir.nodes import Operation, Resource

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


def pystr(value: object) -> str:
    """A Python string literal holding exactly `value`."""
    return repr(str(value))


def docstring(value: object) -> str:
    """Text that is safe between triple double quotes and reads the same as `value`."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return text


def comment(value: object) -> str:
    """One line of text safe inside a `#` comment."""
    return _CONTROL.sub(" ", " ".join(str(value).split()))


def indent_lines(value: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in value.split("\n"))


def md_cell(value: object) -> str:
    """Text safe inside one Markdown table cell: pipes escaped, newlines as <br>, HTML neutralised."""
    text = md_text(value)
    return text.replace("|", "\\|").replace("\n", "<br>")


_MD_HTML = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md_text(value: object) -> str:
    """Prose for Markdown: raw HTML cannot open a tag; everything else is kept."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text.translate(_MD_HTML))


def md_code(value: object) -> str:
    """An inline code span holding `value`, whatever backticks it contains."""
    text = " ".join(str(value).split()).translate(_MD_HTML) if False else " ".join(str(value).split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def json_script(value: object) -> str:
    """JSON safe to embed inside <script>: no '</script>' or '<!--' can appear."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def slug(value: object) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "section"


FILTERS = {
    "pystr": pystr,
    "docstring": docstring,
    "comment": comment,
    "indent_lines": indent_lines,
    "md_cell": md_cell,
    "md_text": md_text,
    "md_code": md_code,
    "json_script": json_script,
    "slug": slug,
    "snake": snake_case,
    "pascal": pascal_case,
}


# -- client code helpers (pure functions of IR nodes) -----------------------------------
_STATUS_ERRORS = {
    "400": "BadRequestError", "401": "AuthenticationError", "403": "PermissionDeniedError", "404": "NotFoundError",
    "409": "ConflictError", "422": "UnprocessableEntityError", "429": "RateLimitError",
}


def status_error(status: object) -> str:
    """The exception class the client raises for a documented error status."""
    text = str(status)
    if text in _STATUS_ERRORS:
        return _STATUS_ERRORS[text]
    return "InternalServerError" if text.startswith("5") else "APIStatusError"


def return_annotation(op: "Operation", is_async: bool) -> str:
    result = op.result
    if result.kind == "page":
        return f"{'AsyncPage' if is_async else 'SyncPage'}[{result.item}]"
    if result.kind == "job":
        return f"{'AsyncJob' if is_async else 'Job'}[{result.job_result or 'Any'}]"
    if result.kind == "binary":
        return "int"
    if result.kind == "none":
        return "None"
    return result.annotation


def resource_imports(resource: "Resource") -> list[str]:
    """The import lines a resource module needs, and no more (ruff checks for unused ones)."""
    ops = resource.operations
    texts = [p.annotation for op in ops for p in op.parameters]
    texts += [op.body.annotation for op in ops if op.body]
    texts += [return_annotation(op, False) for op in ops]
    blob = " ".join(texts)
    typing = sorted(
        ({"cast as _cast"} if any(op.result.kind in ("page", "job", "model", "primitive") for op in ops) else set())
        | ({"Any"} if "Any" in re.findall(r"\w+", blob) else set())
        | ({"Literal"} if "Literal[" in blob else set())
        | ({"IO"} if "IO[" in blob else set())
    )
    runtime = {"AsyncAPIClient", "SyncAPIClient"}
    for op in ops:
        if op.result.kind == "page":
            runtime |= {"AsyncPage", "SyncPage"}
        if op.result.kind == "job":
            runtime |= {"AsyncJob", "Job"}
        if op.result.kind == "binary":
            runtime.add("Destination as _Destination")
        if op.deprecated:
            runtime.add("deprecated as _deprecated")
    lines = ["from collections.abc import Mapping"]
    if typing:
        lines.append(f"from typing import {', '.join(sorted(typing, key=lambda s: s.lower()))}")
    lines += ["", "import httpx", ""]
    lines.append(f"from .._base_client import {', '.join(sorted(runtime, key=lambda s: s.lower()))}")
    if resource.models_used:
        lines.append(f"from ..types import {', '.join(resource.models_used)}")
    return lines


FILTERS.update({"status_error": status_error, "return_annotation": return_annotation, "resource_imports": resource_imports})
