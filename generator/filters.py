"""Pure functions that escape or reshape spec text for the place it lands.

Each is registered as a Jinja filter in render.py and unit-tested on hostile input:
text from the spec must never be able to end a string, a docstring, a comment, a
Markdown table cell or an HTML element early.
"""

from __future__ import annotations

import functools
import http
import json
import re
from html import unescape as html_unescape
from typing import TYPE_CHECKING

import markupsafe

from .format import LINE_LENGTH
from .ir.naming import pascal_case, snake_case

if TYPE_CHECKING:
    from .ir.nodes import Api, Operation, Resource
    from .surface import Method

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


def pystr(value: object) -> str:
    """A Python string literal holding exactly `value`."""
    return repr(str(value))


def docstring(value: object) -> str:
    """Text that is safe between triple double quotes and reads the same as `value`."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)
    # A final quote would merge with the closing """; escape it unless it already is (an
    # odd run of backslashes before it: `"""` became `\"\"\"` above).
    if text.endswith('"') and (len(text) - 1 - len(text[:-1].rstrip("\\"))) % 2 == 0:
        text = text[:-1] + '\\"'
    return text


def comment(value: object) -> str:
    """One line of text safe inside a `#` comment."""
    return _CONTROL.sub(" ", " ".join(str(value).split()))


def indent_lines(value: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in value.split("\n"))


def md_cell(value: object) -> str:
    """Text safe inside one Markdown table cell: pipes escaped, newlines as <br>, HTML neutralised.

    md_text has doubled every backslash, so `\\|` always leaves the pipe escaped."""
    text = md_text(value)
    return text.replace("|", "\\|").replace("\n", "<br>")


_MD_HTML = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def md_text(value: object) -> str:
    """Prose for Markdown, kept as Markdown (emphasis, code spans, lists) but unable to
    leave its block or run anything: raw HTML cannot open a tag (`<`, `>`, `&` become
    entities), links and images cannot form (`[`, `]` escaped, so no `javascript:` URL),
    a fence cannot open and swallow the rest of the page, and backslashes are literal."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text).replace("\\", "\\\\").translate(_MD_HTML)
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)  # "0." would open a list numbered 0
    return _MD_FENCE_OPEN.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_prose(value: object, routes: dict[str, str] | None = None, root: str = "") -> str:
    """md_text of spec prose after rest_prose, with "Note:"/"Version note:" in bold and
    mentions of a known route as links ({"GET /path": page.md#anchor from the docs root})."""
    text = md_text(rest_prose(value)[0])
    text = re.sub(r"(?m)^(Version note|Note|Warning|Important|Tip|See also|Attention|Caution):(?=\s)", r"**\1:**", text)
    if not routes:
        return text

    def href(method: str, path: str) -> str | None:
        target = routes.get(route_key(method, path.replace("\\_", "_")))
        return None if target is None else root + target

    def in_text(part: str) -> str:
        def link(match: re.Match[str]) -> str:
            target = href(match.group(1), match.group(2))
            return match.group(0) if target is None else f"[`{match.group(1)} {match.group(2)}`]({target})"

        return _MD_ROUTE.sub(link, part)

    out: list[str] = []
    pos = 0
    for span in re.finditer(r"(`+)(.+?)(?<!`)\1(?!`)", text, flags=re.DOTALL):
        out.append(in_text(text[pos : span.start()]))
        whole = _MD_ROUTE.fullmatch(span.group(2).strip())
        target = href(whole.group(1), whole.group(2)) if whole else None
        out.append(span.group(0) if target is None else f"[{span.group(0)}]({target})")
        pos = span.end()
    out.append(in_text(text[pos:]))
    return "".join(out)


_MD_ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[^\s<>`'\"()\[\]\\]*[^\s<>`'\"()\[\]\\.,;:])")


def md_line_prose(value: object, routes: dict[str, str] | None = None, root: str = "") -> str:
    """md_prose on one line (for a list item): paragraphs joined."""
    return md_prose(" ".join(rest_prose(value)[0].split()), routes, root)


def md_code(value: object) -> str:
    """An inline code span holding `value`, whatever backticks it contains."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
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


def return_annotation(op: Operation, is_async: bool) -> str:
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


def resource_imports(resource: Resource) -> list[str]:
    """The import lines a resource module needs, and no more (ruff checks for unused ones)."""
    ops = resource.operations
    texts = [p.annotation for op in ops for p in op.parameters]
    texts += [op.body.annotation for op in ops if op.body]
    texts += [return_annotation(op, False) for op in ops]
    blob = " ".join(texts)
    typing = sorted(
        ({"Any"} if "Any" in re.findall(r"\w+", blob) else set())
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
    words = set(re.findall(r"\w+", blob))
    annotated = [name for name in resource.models_used if name in words]  # the rest appear only in calls
    if annotated:
        typing.append("TYPE_CHECKING")
    lines = ["from collections.abc import Mapping"]
    if typing:
        lines.append(f"from typing import {', '.join(sorted(typing, key=lambda s: s.lower()))}")
    lines += ["", "import httpx", ""]
    if resource.models_used:
        # The classes load when a call first needs one (types/__init__.py loads lazily):
        # annotations name them for type checkers, calls reach them through `_types`.
        lines.append("from .. import types as _types")
    lines.append(f"from .._base_client import {', '.join(sorted(runtime, key=lambda s: s.lower()))}")
    if annotated:
        line = f"    from ..types import {', '.join(annotated)}"
        if len(line) > LINE_LENGTH:  # as black writes it, so black has nothing to do
            line = "    from ..types import (\n" + "".join(f"        {name},\n" for name in annotated) + "    )"
        lines += ["", "if TYPE_CHECKING:", line]
    return lines


def lazy_types(text: str, models: tuple[str, ...]) -> str:
    """A runtime expression naming model classes (`list[ModelX]`), each of `models` reached
    through the lazily loading `_types` module, so a resource module imports no model until
    a call does."""
    names = set(models)

    def qualify(match: re.Match[str]) -> str:
        word = match.group(0)
        return f"_types.{word}" if word in names else word  # a quoted word (a Literal value) is no class

    return re.sub(r"'[^']*'|\"[^\"]*\"|(?<![\w.])[A-Za-z_]\w*", qualify, text)


def example_operation(api: Api, kind: str) -> Operation | None:
    """The operation a README example of `kind` ("page", "job", "binary", ...) should call:
    not deprecated, a GET if there is one, the fewest required arguments, the first such in the spec."""
    candidates = [op for op in api.operations if op.result.kind == kind and not op.deprecated]
    if not candidates:
        return None
    return min(candidates, key=lambda op: (op.http_method != "GET", sum(p.required for p in op.other_params) + bool(op.body and op.body.required),
                                           len(op.path_params)))


def _example_value(annotation: str) -> str:
    literal = re.match(r"Literal\[('(?:[^'\\]|\\.)*'|-?\d+)", annotation)
    if literal:
        return literal.group(1)
    if annotation.startswith("list["):
        return "[" + _example_value(annotation[5:-1]) + "]"
    return {"int": "0", "float": "1.0", "bool": "True"}.get(annotation, '"..."')


def example_call(op: Operation, api: Api, client: str = "client") -> str:
    """A call of `op` for a README: placeholders for path parameters, example values for the
    required ones, ``body={}`` for a required body (a dict the reader fills in)."""
    attr = next(r.attr_name for r in api.resources if op in r.operations)
    args = [json.dumps(f"<{p.name}>") for p in op.path_params]  # JSON escapes are valid Python escapes
    args += [f"{p.py_name}={_example_value(p.annotation)}" for p in op.other_params if p.required and p.default is None]
    if op.body and op.body.required:
        args.append("body={}")
    if op.result.kind == "binary":
        args.append("destination=\"download.bin\"")
    return f"{client}.{attr}.{op.method_name}({', '.join(args)})"


def api_signature(method: "Method") -> str:
    from .surface import signature

    return signature(method)


FILTERS.update({"api_signature": api_signature, "status_error": status_error, "return_annotation": return_annotation, "resource_imports": resource_imports, "lazy_types": lazy_types,
                "example_operation": example_operation, "example_call": example_call})


# -- the reference (Markdown and HTML) ---------------------------------------------------
_MD_ORDERED = re.compile(r"^( {0,3}\d{1,9})([.)])(?=[ \t]|$)", re.MULTILINE)
_MD_FENCE_OPEN = re.compile(r"^( {0,3})([`~])(?=\2\2)", re.MULTILINE)


def md_inline(value: object) -> str:
    """One line of Markdown prose (headings, list items, link text): md_text on one line,
    with `#` escaped so a heading cannot lose its closing text."""
    return md_text(" ".join(str(value).split())).replace("#", "\\#")


def md_cell_code(value: object) -> str:
    """An inline code span inside a table cell. GFM splits rows on any pipe not escaped by an
    odd run of backslashes, even inside code spans, and removes that one backslash again."""
    span = md_code(value)
    return re.sub(r"(\\*)\|", lambda m: m.group(1) + ("\\" if len(m.group(1)) % 2 == 0 else "\\\\") + "|", span)


def md_fence(value: object, lang: str = "") -> str:
    """A fenced code block holding `value` verbatim: the fence is longer than any backtick run inside."""
    text = _CONTROL.sub(" ", str(value).replace("\r\n", "\n").replace("\r", "\n")).rstrip("\n")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = re.sub(r"[^A-Za-z0-9_+-]", "", lang)
    return f"{fence}{info}\n{text}\n{fence}"


_ID_KEEP = re.compile(r"[^A-Za-z0-9_-]")


def html_id(value: object) -> str:
    """A stable anchor for a spec name, the same in Markdown and HTML.

    Letters, digits, `_` and `-` are kept, so a plain operationId is its own anchor; any
    other character becomes `.hex.`, which keeps the mapping one-to-one and the result safe
    in an attribute, a URL fragment and a Markdown link. The page chrome's ids (`page.main`,
    `<anchor>.title`) have a `.` that opens no `.hex.` group, so no spec name can take them.
    """
    text = str(value)
    if not text:
        return ".empty"
    return _ID_KEEP.sub(lambda m: f".{ord(m.group()):x}.", text)


def _escape(text: str) -> str:
    return str(markupsafe.escape(text))


def _html_inline(text: str) -> str:
    """Escaped text with `code spans` as <code>; nothing else is interpreted."""
    out: list[str] = []
    pos = 0
    for match in re.finditer(r"`+", text):
        if match.start() < pos:
            continue
        run = match.group()
        closing = re.compile(r"(?<!`)" + run + r"(?!`)")
        end = closing.search(text, match.end())
        if end is None:
            continue
        out.append(_escape(text[pos : match.start()]))
        code = text[match.end() : end.start()].replace("\n", " ")
        if len(code) > 2 and code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        out.append(f"<code>{_escape(code)}</code>")
        pos = end.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


_BULLET = re.compile(r"^\s*[-*]\s+(?=\S)")

# -- reST and reference-style markup left in spec prose -------------------------------------
# The published reference was rendered from Sphinx sources; some of its markup survived into
# descriptions. What we know becomes plain prose (a version note, a note, the link text);
# anything else is left as written and reported by rest_prose, so the spec can be fixed.
_DIRECTIVE = re.compile(r"(?<![\w.])\.\.[ \t]+([A-Za-z][\w-]*)::[ \t]*(\S*)")
_ROLE = re.compile(r"(?<![\w:]):([A-Za-z][\w-]*):(?:`([^`\n]*)`|([^<>`\n]*?)\s*<([^<>\n]*)>|(?=\S)([^\s<>`]+))")
_REFLINK = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
_VERSION_NOTES = {"minversion": "available since {}", "versionadded": "new in {}", "versionchanged": "changed in {}", "deprecated": "deprecated since {}"}
_ADMONITIONS = {"note": "Note", "warning": "Warning", "important": "Important", "tip": "Tip", "seealso": "See also", "attention": "Attention", "caution": "Caution"}
_PLAIN_ROLES = frozenset({"ref", "doc", "term", "any", "code", "literal"})
_SHOUTED = re.compile(r"\bDEPRECATED:")


def rest_prose(value: object) -> tuple[str, tuple[str, ...]]:
    """(the text with the reST directives, roles and reference-style links we know turned into
    plain prose, the markup left as it was because we do not know it: "directive `.. foo::`").

    `.. minversion:: v2.23` -> a paragraph "Version note: available since v2.23." (likewise
    deprecated, versionadded, versionchanged); `.. note::` -> "Note: " before its text;
    `:ref:text <target>` -> text; `[GET /x/][label]` -> GET /x/ (which the renderers link to
    the operation). Pure: warnings are the caller's, who knows where the text came from."""
    text = str(value)
    unknown: list[str] = []

    def directive(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        key = name.lower()
        if key in _VERSION_NOTES and argument:
            return "\n\nVersion note: " + _VERSION_NOTES[key].format(argument) + "."
        if key in _ADMONITIONS:
            return "\n\n" + _ADMONITIONS[key] + ": " + argument
        unknown.append(f"directive `.. {name}::`")
        return match.group(0)

    def role(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.lower() not in _PLAIN_ROLES:
            unknown.append(f"role `:{name}:`")
            return match.group(0)
        if match.group(2) is not None:  # :ref:`text <target>` or :ref:`target`
            inner = re.match(r"\s*(.*?)\s*(?:<([^<>]*)>)?\s*$", match.group(2))
            return (inner.group(1) or inner.group(2) or "") if inner else match.group(2)
        return match.group(3) if match.group(3) is not None else match.group(5) or ""

    if ".." in text:
        text = _DIRECTIVE.sub(directive, text)
        # an admonition whose text starts on a later line ("Note:" then a blank line) joins it
        text = re.sub(r"(" + "|".join(_ADMONITIONS.values()) + r"): *\n\s*", r"\1: ", text)
        text = _SHOUTED.sub("Deprecated:", text)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).lstrip("\n")
    if ":" in text:
        text = _ROLE.sub(role, text)
    if "][" in text:
        text = _REFLINK.sub(lambda m: m.group(1), text)
    return text, tuple(dict.fromkeys(unknown))


_ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[^\s<>`'\"()\[\]]*[^\s<>`'\"()\[\].,;:])")
_CODE_SPAN = re.compile(r"<code>(.*?)</code>", re.DOTALL)


def route_key(method: str, path: str) -> str:
    """How a route is looked up: upper-case method, path without its trailing slash."""
    return f"{method.upper()} {path.rstrip('/') or '/'}"


def _link_routes(markup: str, routes: dict[str, str] | None, root: str) -> str:
    """Escaped HTML with each mention of a known operation's route made a link to it: in the
    text, or as a whole code span; a route inside a longer code span is left as it is."""
    if not routes:
        return markup

    def href(method: str, path: str) -> str | None:
        target = routes.get(route_key(method, html_unescape(path)))
        return None if target is None else _escape(root + target)

    def in_text(text: str) -> str:
        def link(match: re.Match[str]) -> str:
            target = href(match.group(1), match.group(2))
            return match.group(0) if target is None else f'<a href="{target}"><code>{match.group(1)} {match.group(2)}</code></a>'

        return _ROUTE.sub(link, text)

    out: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(markup):
        out.append(in_text(markup[pos : span.start()]))
        whole = _ROUTE.fullmatch(span.group(1).strip())
        target = href(whole.group(1), whole.group(2)) if whole else None
        out.append(span.group(0) if target is None else f'<a href="{target}">{span.group(0)}</a>')
        pos = span.end()
    out.append(in_text(markup[pos:]))
    return "".join(out)


def html_prose(value: object, routes: dict[str, str] | None = None, root: str = "") -> markupsafe.Markup:
    """Spec prose as HTML: paragraphs, `-`/`*` bullet lists, fenced code blocks and code
    spans; every character of the text itself is escaped, so no markup can get through.
    Known reST markup becomes prose first (rest_prose); "Note:" and "Version note:"
    paragraphs are set apart; mentions of a route in `routes` ({"GET /path": href from the
    site root}) link to that operation."""
    text, _ = rest_prose(value)
    lines = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if not paragraph:
            return
        if all(_BULLET.match(line) for line in paragraph):
            items = "".join("<li>" + _link_routes(_html_inline(_BULLET.sub("", line)), routes, root) + "</li>" for line in paragraph)
            blocks.append(f"<ul>{items}</ul>")
        else:
            inner = _link_routes(_html_inline(chr(10).join(line.strip() for line in paragraph)), routes, root)
            note = re.match(r"(Version note|Note|Warning|Important|Tip|See also|Attention|Caution):\s", inner)
            if note:
                blocks.append(f'<p class="note"><strong>{note.group(1)}:</strong> {inner[note.end():]}</p>')
            else:
                blocks.append(f"<p>{inner}</p>")
        paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        fence = re.match(r"^ {0,3}(`{3,}|~{3,})", line)
        if fence:
            flush()
            marker = fence.group(1)
            body: list[str] = []
            index += 1
            while index < len(lines) and not re.match(r"^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}\s*$", lines[index]):
                body.append(lines[index])
                index += 1
            blocks.append(f"<pre><code>{_escape(chr(10).join(body))}</code></pre>")
        elif line.strip():
            paragraph.append(line)
        else:
            flush()
        index += 1
    flush()
    return markupsafe.Markup("\n".join(blocks))


def sh_quote(value: object) -> str:
    """One shell word holding exactly `value` (POSIX single quotes)."""
    text = str(value).replace("\x00", "")
    return "'" + text.replace("'", "'\\''") + "'"


def json_pretty(value: object) -> str:
    """JSON text (e.g. an IR example) laid out for reading: two-space indent, spec order."""
    return json.dumps(json.loads(str(value)), indent=2, ensure_ascii=False)


def py_literal(value: object, indent: int = 0, width: int = 88) -> str:
    """The Python literal of a JSON text, laid out the way black would: on one line when it
    fits in `width` columns after `indent`, otherwise one item per line with trailing commas."""
    return _py(json.loads(str(value)), indent, 0, width)


def _py(value: object, indent: int, used: int, width: int) -> str:
    if isinstance(value, str):
        text = repr(value)
        return '"' + text[1:-1] + '"' if text[0] == "'" and '"' not in value else text
    if isinstance(value, dict):
        items = [(_py(str(k), 0, 0, width) + ": ", v) for k, v in value.items()]
        opening, closing = "{", "}"
    elif isinstance(value, list):
        items = [("", v) for v in value]
        opening, closing = "[", "]"
    else:
        return repr(value)
    flat = opening + ", ".join(key + _py(v, 0, 0, 10**9) for key, v in items) + closing
    if indent + used + len(flat) + 1 <= width or not items:
        return flat
    pad = " " * (indent + 4)
    inner = "".join(f"{pad}{key}{_py(v, indent + 4, len(key), width)},\n" for key, v in items)
    return f"{opening}\n{inner}{' ' * indent}{closing}"


def status_phrase(status: object) -> str:
    """What a response status means: the HTTP reason phrase, or the range it stands for."""
    text = str(status).upper()
    if text == "DEFAULT":
        return "Any other status"
    if len(text) == 3 and text.endswith("XX") and text[0] in "12345":
        return {"1": "Informational", "2": "Success", "3": "Redirection", "4": "Client error", "5": "Server error"}[text[0]] + f" ({text[0]}xx)"
    try:
        return http.HTTPStatus(int(text)).phrase
    except ValueError:
        return ""


@functools.lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)) if n)
    return re.compile(r"(?<![A-Za-z0-9_])(?:" + alternatives + r")(?![A-Za-z0-9_])")


def type_parts(label: object, names: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Split a type label into (text, schema name or None) parts, so each component schema
    named in it ("[ModelRecord]", "oneOf(A, B)") can become a link."""
    text = str(label)
    pattern = _names_pattern(tuple(names))
    parts: list[tuple[str, str | None]] = []
    pos = 0
    if pattern is not None:
        for match in pattern.finditer(text):
            if match.start() > pos:
                parts.append((text[pos : match.start()], None))
            parts.append((match.group(), match.group()))
            pos = match.end()
    if pos < len(text) or not parts:
        parts.append((text[pos:], None))
    return parts


FILTERS.update(
    {
        "md_inline": md_inline,
        "md_cell_code": md_cell_code,
        "md_fence": md_fence,
        "html_id": html_id,
        "html_prose": html_prose,
        "route_key": route_key,
        "md_prose": md_prose,
        "md_line_prose": md_line_prose,
        "sh_quote": sh_quote,
        "json_pretty": json_pretty,
        "py_literal": py_literal,
        "status_phrase": status_phrase,
        "type_parts": type_parts,
    }
)
