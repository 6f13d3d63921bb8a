"""Parser of the seed: the plain-text scrape of DataRobot's "Models" API reference.

The seed (``spec/source/models-reference.txt``) was rendered by widdershins from
DataRobot's OpenAPI document and then scraped to plain text, which lost headings,
code fences, blank lines, some empty table cells and the schema names of the
schemas section.  This module turns it back into plain data (dataclasses) so the
fidelity tests can compare it, fact by fact, with ``spec/openapi.yaml``.

Pure functions only: the single I/O is reading the file whose path is given to
:func:`load_seed` (:func:`parse_seed` takes the text itself).

Damage the parser repairs
-------------------------
* Table cells are ``" | "``-separated and every row ends with ``" |"``.
* An empty cell is dropped from its place; a row then often ends with an extra
  empty cell (``"name | string | true | Description. | |"``) or is one cell short
  (``"name | string | true | Description. |"``).  For schema tables this means
  the Restrictions cell, which is empty for most rows; for response-header
  tables the Format cell.
* Rows wrapped onto the following line(s): a row is read on until it has the
  expected number of cells (5 for a schema row: a Restrictions cell such as
  ``minimum: 0 (exclusive)`` whose Description ran onto the next line; 4 with a
  non-empty last cell for a status row, whose Schema cell or second half of the
  Description may be on the next line).  Only lines that end with ``|`` and do
  not start a row or a table are taken as continuations.
* ``Type¦null`` marks a nullable type, ``[X]`` an array of X, ``string(fmt)`` a
  format, ``array[string]`` an array query parameter.
* Enumerated values are one row per property, ``name | [a , b , c ] |`` (or a
  single bare value ``name | combined |``); an "Enumerated Values" table may have
  lost all its rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "EnumEntry",
    "ExampleBlock",
    "ExampleEntry",
    "Operation",
    "Parameter",
    "RequestBody",
    "Response",
    "ResponseHeader",
    "SchemaRow",
    "SchemaTable",
    "Seed",
    "TypeRef",
    "example_block",
    "load_seed",
    "normalize_text",
    "parse_restrictions",
    "parse_seed",
    "parse_type",
    "split_cells",
]

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")

OPERATION_RE = re.compile(r"^({}) (/\S*)¶$".format("|".join(HTTP_METHODS)))
PARAM_HEADER = "Name | In | Type | Required | Description |"
STATUS_HEADER = "Status | Meaning | Description | Schema |"
HEADERS_HEADER = "Status | Header | Type | Format | Description |"
SCHEMA_HEADER = "Name | Type | Required | Restrictions | Description |"
PARAM_ENUM_HEADER = "Parameter | Value |"
PROPERTY_ENUM_HEADER = "Property | Value |"
TABLE_HEADERS = frozenset(
    {
        PARAM_HEADER,
        STATUS_HEADER,
        HEADERS_HEADER,
        SCHEMA_HEADER,
        PARAM_ENUM_HEADER,
        PROPERTY_ENUM_HEADER,
    }
)
AUTH_LINE_PREFIX = "To perform this operation"
ENUM_MARKER = "Enumerated Values¶"
CODE_MARKER = "Code samples¶"
BODY_MARKER = "Body parameter¶"
EXAMPLES_MARKER = "Example responses¶"
RESPONSE_SCHEMA_MARKER = "Response Schema¶"
RESPONSE_HEADERS_MARKER = "Response Headers¶"
STATUS_CODE_RE = re.compile(r"^Status Code (\d{3})$")
EXAMPLE_STATUS_RE = re.compile(r"^(\d{3}) Response$")
CURL_RE = re.compile(r"^curl -X ([A-Z]+)(.*?)\s*\\?$")
CURL_HEADER_RE = re.compile(r'^-H "([^:"]+):\s*([^"]*)"')
ROUTE_RE = re.compile(r"\b({}) (/api/[^\s\[\]()]*)".format("|".join(HTTP_METHODS)))

PRIMITIVE_TYPES = ("string", "integer", "number", "boolean", "object")
PARAM_LOCATIONS = frozenset({"path", "query", "header", "cookie", "body", "formData"})
NULLABLE_SUFFIX = "¦null"

RESTRICTION_KEYS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "uniqueItems",
    "default",
    "pattern",
)
_RESTRICTION_TOKEN_RE = re.compile(r"\b({}):\s*".format("|".join(RESTRICTION_KEYS)))


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class TypeRef:
    """A seed type cell, e.g. ``string(date-time)¦null``, ``[Name]``, ``array[string]``."""

    raw: str
    kind: str  # 'primitive' | 'object' | 'array' | 'ref' | 'any'
    type: str | None = (
        None  # JSON-schema type ('array' for arrays); None for refs and 'any'
    )
    format: str | None = None
    nullable: bool = False
    ref: str | None = None  # schema name when kind == 'ref'
    items: TypeRef | None = None

    def describe(self) -> str:
        """Canonical short form used in fidelity messages (nullability excluded)."""
        if self.kind == "ref":
            return f"$ref {self.ref}"
        if self.kind == "array":
            return f"array of {self.items.describe() if self.items else '?'}"
        if self.kind == "any":
            return "any"
        return f"{self.type}({self.format})" if self.format else str(self.type)


@dataclass
class EnumEntry:
    name: str
    values: list[str]
    line: int
    raw: str = ""


@dataclass
class Parameter:
    name: str
    location: str  # path | query | header | body ...
    type: TypeRef
    required: bool
    description: str
    line: int
    enum: list[str] | None = None
    enum_line: int | None = None

    @property
    def type_name(self) -> str:
        return self.type.raw


@dataclass
class RequestBody:
    schema: str  # schema name from the ``body | body | Name`` row
    required: bool
    description: str  # "none" when the seed gives none
    media_type: (
        str  # from the curl sample's Content-Type (application/json when absent)
    )
    line: int  # line of the body row
    example_line: int | None = None  # first line after "Body parameter¶"
    example_lines: list[str] = field(default_factory=list)

    @property
    def example(self) -> ExampleBlock | None:
        """The body example the page shows (None when it shows none)."""
        if self.example_line is None:
            return None
        block = example_block(self.example_line, self.example_lines)
        return block if block.entries else None


@dataclass
class Response:
    status: str
    meaning: str
    description: str  # the Description cell as given ("none" kept)
    schema: str  # the Schema cell: a name, "None", "Inline", "string" ...
    line: int
    raw: str = ""

    @property
    def effective_description(self) -> str:
        """The description the spec must carry: the Description cell, or Meaning when it is "none"."""
        return self.meaning if self.description.strip() == "none" else self.description


@dataclass
class ResponseHeader:
    status: str
    name: str
    type: str
    format: str | None
    description: str
    line: int
    raw: str = ""


@dataclass
class SchemaRow:
    line: int  # first seed line of the row
    depth: int  # number of leading '»' (nesting in inline response tables)
    name: str
    type: TypeRef
    required: bool
    restrictions: (
        str  # the Restrictions cell ("" when empty/dropped, "none" kept verbatim)
    )
    description: str
    restriction_values: dict = field(default_factory=dict)
    enum: list[str] | None = None
    enum_line: int | None = None
    wrapped: bool = False  # row continued on following line(s)
    raw: str = ""

    @property
    def nullable(self) -> bool:
        return self.type.nullable

    @property
    def is_array(self) -> bool:
        return self.type.kind == "array"

    @property
    def format(self) -> str | None:
        return self.type.format


@dataclass
class SchemaTable:
    line: int  # line of the ``Name | Type | Required | Restrictions | Description |`` header
    rows: list[SchemaRow]
    enum_entries: list[EnumEntry] = field(default_factory=list)
    enum_table_line: int | None = None  # line of "Enumerated Values¶" when present
    description: str = ""  # free text right above the table (schema description)
    description_line: int | None = None
    example_line: int | None = None  # first line of the JSON example above the table
    example: ExampleBlock | None = None  # that example (schemas section only)
    operation: str | None = None  # "GET /api/..." for inline "Response Schema" tables
    status: str | None = None  # status code of an inline response table
    unplaced_enums: list[EnumEntry] = field(default_factory=list)

    @property
    def is_inline(self) -> bool:
        return self.operation is not None

    @property
    def enum_table_empty(self) -> bool:
        """An "Enumerated Values" table is present but lost all its rows in the scrape."""
        return self.enum_table_line is not None and not self.enum_entries

    @property
    def end_line(self) -> int:
        last = self.rows[-1].line if self.rows else self.line
        for e in self.enum_entries:
            last = max(last, e.line)
        return last


@dataclass(frozen=True)
class ExampleEntry:
    """One line of an example the page shows: ``"key": value`` (value as written: ``0``,
    ``"string"``, ``null``, ``{`` or ``[`` for a nested object or array)."""

    line: int
    key: str
    value: str

    def render(self) -> str:
        return f'"{self.key}": {self.value}'


@dataclass(frozen=True)
class ExampleBlock:
    """An example JSON as the scrape kept it: only the ``"key": value`` lines survive (braces,
    brackets and the bare items of scalar arrays were lost), in document order."""

    line: int  # first line of the example
    entries: tuple[ExampleEntry, ...]
    form: bool = False  # multipart examples are shown as YAML ``key: value`` lines

    def render(self) -> list[str]:
        return [e.render() for e in self.entries]


_EXAMPLE_JSON_RE = re.compile(r'^"((?:[^"\\]|\\.)*)":\s*(.*?),?$')
_EXAMPLE_FORM_RE = re.compile(r"^([A-Za-z_][\w.]*):\s*(.*)$")


def example_block(first_line: int, raw: Iterable[str]) -> ExampleBlock:
    """The ``"key": value`` entries of an example's lines (other lines are the lost braces)."""
    entries: list[ExampleEntry] = []
    form = False
    for offset, text in enumerate(raw):
        t = text.strip()
        m = _EXAMPLE_JSON_RE.match(t)
        if m:
            entries.append(ExampleEntry(first_line + offset, m.group(1), m.group(2).strip()))
            continue
        m = _EXAMPLE_FORM_RE.match(t)
        if m and not t.startswith(("{", "[")):
            form = True
            entries.append(ExampleEntry(first_line + offset, m.group(1), m.group(2).strip()))
    return ExampleBlock(first_line, tuple(entries), form)


@dataclass
class Operation:
    method: str  # upper case, as in the seed
    path: str
    line: int  # line of "METHOD /path¶"
    text_lines: list[str] = field(default_factory=list)
    text_start_line: int | None = None
    deprecated: bool = False
    deprecation_note: str | None = None
    replaced_by: str | None = None  # "METHOD /path" named by the deprecation note
    curl_line: int | None = None
    curl_query: str | None = None  # "offset=0&limit=100" from the curl sample
    request_headers: dict = field(default_factory=dict)  # -H lines of the curl sample
    parameters: list[Parameter] = field(default_factory=list)
    param_table_line: int | None = None
    request_body: RequestBody | None = None
    responses: list[Response] = field(default_factory=list)
    status_table_line: int | None = None
    response_headers: list[ResponseHeader] = field(default_factory=list)
    examples: list[tuple[str, int]] = field(
        default_factory=list
    )  # (status, line of "NNN Response")
    example_blocks: dict[str, ExampleBlock] = field(
        default_factory=dict
    )  # status -> the example JSON the page shows for it
    inline_tables: list[SchemaTable] = field(default_factory=list)
    unplaced_enums: list[EnumEntry] = field(default_factory=list)
    end_line: int | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def text(self) -> str:
        """All description lines as given (one seed line per line)."""
        return "\n".join(self.text_lines)

    @property
    def description(self) -> str:
        return self.text

    @property
    def summary(self) -> str:
        """First sentence of the text (no trailing period), as CONVENTIONS.md defines ``summary``."""
        first = self.text_lines[0] if self.text_lines else ""
        m = re.match(r"(.+?[.!?])(\s|$)", first)
        sentence = m.group(1) if m else first
        return sentence.rstrip(".").strip()

    @property
    def accept(self) -> str | None:
        return self.request_headers.get("Accept")

    @property
    def content_type(self) -> str | None:
        return self.request_headers.get("Content-Type")

    def parameter(self, name: str, location: str | None = None) -> Parameter | None:
        for p in self.parameters:
            if p.name == name and (location is None or p.location == location):
                return p
        return None

    def response(self, status: str) -> Response | None:
        for r in self.responses:
            if r.status == status:
                return r
        return None


@dataclass
class Seed:
    path: str | None
    lines: list[str]
    operations: list[Operation]
    schema_tables: list[SchemaTable]  # all tables, inline ones included, in seed order
    schemas_start_line: int | None = None  # first line of the schemas section

    @property
    def table_header_lines(self) -> list[int]:
        return [t.line for t in self.schema_tables]

    def operation(self, key: str) -> Operation | None:
        method, _, path = key.partition(" ")
        for op in self.operations:
            if op.method == method.upper() and op.path == path:
                return op
        return None

    def table_at(self, line: int) -> SchemaTable | None:
        for t in self.schema_tables:
            if t.line == line:
                return t
        return None

    @property
    def parameters(self) -> list[Parameter]:
        return [p for op in self.operations for p in op.parameters]


# --------------------------------------------------------------------------- helpers


def normalize_text(text: str | None) -> str:
    """Collapse all whitespace runs to one space and strip: the scrape mangled line breaks."""
    return " ".join((text or "").split())


def split_cells(line: str) -> list[str]:
    """Cells of a ``a | b | c |`` row (the trailing ``|`` closes the last cell)."""
    s = line.strip()
    s = s.removesuffix("|")
    return [c.strip() for c in s.split("|")]


def parse_type(raw: str) -> TypeRef:
    """Parse a seed type cell: ``string``, ``string(date-time)¦null``, ``[Name]``, ``array[string]``,
    ``Name``, ``Name¦null``, ``object``, ``any``."""
    text = raw.strip()
    nullable = False
    if text.endswith(NULLABLE_SUFFIX):
        nullable = True
        text = text[: -len(NULLABLE_SUFFIX)].strip()
    if text.startswith("[") and text.endswith("]"):
        items = parse_type(text[1:-1])
        return TypeRef(
            raw=raw.strip(), kind="array", type="array", nullable=nullable, items=items
        )
    m = re.fullmatch(r"array\[(.+)\]", text)
    if m:
        items = parse_type(m.group(1))
        return TypeRef(
            raw=raw.strip(), kind="array", type="array", nullable=nullable, items=items
        )
    m = re.fullmatch(r"({})(?:\((.+)\))?".format("|".join(PRIMITIVE_TYPES)), text)
    if m:
        kind = "object" if m.group(1) == "object" else "primitive"
        return TypeRef(
            raw=raw.strip(),
            kind=kind,
            type=m.group(1),
            format=m.group(2),
            nullable=nullable,
        )
    if text in ("any", ""):
        return TypeRef(raw=raw.strip(), kind="any", nullable=nullable)
    return TypeRef(raw=raw.strip(), kind="ref", ref=text, nullable=nullable)


def _restriction_value(text: str):
    t = text.strip()
    if re.fullmatch(r"-?\d+", t):
        return int(t)
    if re.fullmatch(r"-?\d+\.\d*(e-?\d+)?|-?\d+e-?\d+", t, flags=re.IGNORECASE):
        return float(t)
    if t in ("true", "false"):
        return t == "true"
    return t


def is_restrictions(text: str) -> bool:
    """True when ``text`` consists only of ``key: value`` restriction tokens."""
    t = text.strip()
    return bool(t) and _RESTRICTION_TOKEN_RE.match(t) is not None


def parse_restrictions(text: str) -> dict:
    """``"maximum: 100 (exclusive) minimum: 0 (exclusive)"`` ->
    ``{'maximum': 100, 'exclusiveMaximum': True, 'minimum': 0, 'exclusiveMinimum': True}``.
    Repeated keys (the scrape doubles ``minLength: 1``) keep the first value."""
    out: dict = {}
    t = (text or "").strip()
    if not t or t == "none":
        return out
    matches = list(_RESTRICTION_TOKEN_RE.finditer(t))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(t)
        value = t[m.end() : end].strip()
        exclusive = False
        if value.endswith("(exclusive)"):
            exclusive = True
            value = value[: -len("(exclusive)")].strip()
        key = m.group(1)
        if key in out:
            continue
        out[key] = _restriction_value(value)
        if exclusive and key in ("minimum", "maximum"):
            out["exclusive" + key[0].upper() + key[1:]] = True
    return out


def _parse_enum_values(cell: str) -> list[str]:
    v = cell.strip()
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        if not inner:
            return []
        return [
            x.strip()
            for x in re.split(r"\s+,\s+|\s*,\s*(?=\S)", inner)
            if x.strip() != ""
        ]
    return [v]


def _is_json_line(line: str) -> bool:
    s = line.strip()
    return s.startswith('"') or s in ("{", "}", "[", "]", "},", "],")


# Row predicates -------------------------------------------------------------


def _is_param_row(line: str) -> bool:
    c = split_cells(line)
    return (
        line.rstrip().endswith("|")
        and len(c) >= 5
        and c[1] in PARAM_LOCATIONS
        and c[3] in ("true", "false")
    )


def _is_status_row(line: str) -> bool:
    return re.match(r"^\d{3} \| ", line) is not None


def _is_schema_row(line: str) -> bool:
    if line in TABLE_HEADERS or not line.rstrip().endswith("|"):
        return False
    c = split_cells(line)
    return (
        len(c) >= 4
        and c[2] in ("true", "false")
        and re.fullmatch(r"(»+ )?[^\s|]+", c[0]) is not None
    )


def _is_enum_row(line: str) -> bool:
    if line in TABLE_HEADERS or not line.rstrip().endswith("|"):
        return False
    c = split_cells(line)
    return len(c) == 2 and c[0] != "" and " " not in c[0]


def _is_continuation(line: str, is_row_start: Callable[[str], bool]) -> bool:
    s = line.strip()
    return (
        s.endswith("|")
        and s not in TABLE_HEADERS
        and not is_row_start(s)
        and not _is_status_row(s)
        and not _is_param_row(s)
        and not _is_schema_row(s)
    )


def _read_rows(
    lines: list[str],
    i: int,
    is_row_start: Callable[[str], bool],
    is_complete: Callable[[list[str]], bool],
    stop: int | None = None,
) -> tuple[list[tuple[int, list[str], str, bool]], int]:
    """Read consecutive rows from ``lines[i]``; returns ([(line_no, cells, raw, wrapped)], next index)."""
    n = len(lines) if stop is None else stop
    rows = []
    while i < n and is_row_start(lines[i]):
        start = i
        buf = lines[i].strip()
        i += 1
        wrapped = False
        while (
            not is_complete(split_cells(buf))
            and i < n
            and _is_continuation(lines[i], is_row_start)
        ):
            buf = buf + " " + lines[i].strip()
            i += 1
            wrapped = True
        rows.append((start + 1, split_cells(buf), buf, wrapped))
    return rows, i


def _param_complete(c: list[str]) -> bool:
    return len(c) >= 5


def _status_complete(c: list[str]) -> bool:
    return len(c) >= 4 and c[-1] != ""


def _header_complete(c: list[str]) -> bool:
    return len(c) >= 4


def _schema_complete(c: list[str]) -> bool:
    return len(c) >= 5


def _enum_complete(c: list[str]) -> bool:
    return len(c) >= 2 and (not c[1].startswith("[") or c[1].endswith("]"))


# Row builders ---------------------------------------------------------------


def _build_parameter(line_no: int, cells: list[str]) -> Parameter:
    name, location, type_cell, required = cells[0], cells[1], cells[2], cells[3]
    description = " ".join(c for c in cells[4:] if c != "")
    return Parameter(
        name=name,
        location=location,
        type=parse_type(type_cell),
        required=required == "true",
        description=description,
        line=line_no,
    )


def _build_response(line_no: int, cells: list[str], raw: str) -> Response:
    status, meaning = cells[0], cells[1]
    rest = [c for c in cells[2:] if c != ""]
    schema = rest[-1] if rest else ""
    description = " ".join(rest[:-1]) if len(rest) > 1 else ""
    return Response(
        status=status,
        meaning=meaning,
        description=description,
        schema=schema,
        line=line_no,
        raw=raw,
    )


def _build_header(line_no: int, cells: list[str], raw: str) -> ResponseHeader:
    status, name, type_cell = cells[0], cells[1], cells[2]
    rest = [c for c in cells[3:] if c != ""]
    if len(rest) >= 2:
        fmt, description = rest[0], " ".join(rest[1:])
    else:  # the empty Format cell was dropped
        fmt, description = None, (rest[0] if rest else "")
    return ResponseHeader(
        status=status,
        name=name,
        type=type_cell,
        format=fmt,
        description=description,
        line=line_no,
        raw=raw,
    )


def _build_schema_row(
    line_no: int, cells: list[str], raw: str, wrapped: bool
) -> SchemaRow:
    name_cell, type_cell, required = cells[0], cells[1], cells[2]
    m = re.match(r"^(»*)\s*(.*)$", name_cell)
    depth = len(m.group(1)) if m else 0
    name = m.group(2) if m else name_cell
    rest = [c for c in cells[3:] if c != ""]
    restrictions, description = "", ""
    if len(rest) == 1:
        if is_restrictions(rest[0]) and parse_restrictions(rest[0]):
            restrictions = rest[0]  # description lost
        else:
            description = rest[0]
    elif len(rest) >= 2:
        if is_restrictions(rest[0]) or (rest[0] == "none" and len(rest) == 2):
            restrictions, description = rest[0], " ".join(rest[1:])
        else:
            description = " ".join(rest)
    return SchemaRow(
        line=line_no,
        depth=depth,
        name=name,
        type=parse_type(type_cell),
        required=required == "true",
        restrictions=restrictions,
        description=description,
        restriction_values=parse_restrictions(restrictions),
        wrapped=wrapped,
        raw=raw,
    )


def _read_enum_table(
    lines: list[str], i: int, stop: int | None = None
) -> tuple[list[EnumEntry], int, str | None]:
    """At ``lines[i] == ENUM_MARKER``: read the header and rows. Returns (entries, next index, header)."""
    n = len(lines) if stop is None else stop
    j = i + 1
    header = lines[j].strip() if j < n else None
    if header not in (PARAM_ENUM_HEADER, PROPERTY_ENUM_HEADER):
        return [], j, None
    j += 1
    rows, j = _read_rows(lines, j, _is_enum_row, _enum_complete, stop=n)
    entries = [
        EnumEntry(name=c[0], values=_parse_enum_values(c[1]), line=ln, raw=raw)
        for ln, c, raw, _ in rows
    ]
    return entries, j, header


def _attach_enums(
    entries: Iterable[EnumEntry], rows: list, line_attr: str = "enum_line"
) -> list[EnumEntry]:
    """Give each enum entry to the first not-yet-enumerated row of that name (scalar-typed rows first).
    Returns entries that could not be placed."""
    unplaced = []
    for e in entries:
        candidates = [r for r in rows if r.name == e.name and r.enum is None]
        if not candidates:
            unplaced.append(e)
            continue

        def scalar(r) -> bool:
            t = r.type
            if t.kind == "array" and t.items is not None:
                t = t.items
            return t.kind in ("primitive", "any")

        preferred = [r for r in candidates if scalar(r)] or candidates
        target = preferred[0]
        target.enum = list(e.values)
        setattr(target, line_attr, e.line)
    return unplaced


def _read_schema_table(
    lines: list[str], i: int, stop: int | None = None
) -> tuple[SchemaTable, int]:
    """At ``lines[i] == SCHEMA_HEADER``: read rows and the optional enum table."""
    n = len(lines) if stop is None else stop
    header_line = i + 1
    raw_rows, j = _read_rows(lines, i + 1, _is_schema_row, _schema_complete, stop=n)
    rows = [_build_schema_row(ln, c, raw, w) for ln, c, raw, w in raw_rows]
    table = SchemaTable(line=header_line, rows=rows)
    if (
        j < n
        and lines[j].strip() == ENUM_MARKER
        and j + 1 < n
        and lines[j + 1].strip() == PROPERTY_ENUM_HEADER
    ):
        table.enum_table_line = j + 1
        entries, j, _ = _read_enum_table(lines, j, stop=n)
        table.enum_entries = entries
        table.unplaced_enums = _attach_enums(entries, rows)
    return table, j


# --------------------------------------------------------------------------- operations


def _deprecation(text_lines: list[str]) -> tuple[bool, str | None, str | None]:
    for k, line in enumerate(text_lines):
        note = None
        if (
            re.search(r"\.\. minversion::.*\bDEPRECATED\b", line)
            or ".. deprecated::" in line
        ):
            note = line
            after = line
            m = re.search(r"DEPRECATED\b|\.\. deprecated::", line)
            if m:
                after = line[m.end() :]
            route = ROUTE_RE.search(after)
            if (
                route is None
                and k + 1 < len(text_lines)
                and text_lines[k + 1].lstrip().startswith("Use ")
            ):
                route = ROUTE_RE.search(text_lines[k + 1])
            replaced = f"{route.group(1)} {route.group(2)}" if route else None
            return True, note, replaced
        if re.search(r"\(Deprecated in v[\d.]+\)|\bDeprecated in v[\d.]+", line):
            return True, line, None
    return False, None, None


def _parse_operation(lines: list[str], start: int, end: int) -> Operation:
    """Parse lines[start:end] (0-based, end exclusive) of one operation block."""
    m = OPERATION_RE.match(lines[start].strip())
    assert m, lines[start]
    op = Operation(method=m.group(1), path=m.group(2), line=start + 1, end_line=end)
    i = start + 1
    # Description text: up to "Code samples¶".
    while i < end and lines[i].strip() != CODE_MARKER:
        if op.text_start_line is None:
            op.text_start_line = i + 1
        op.text_lines.append(lines[i].rstrip())
        i += 1
    op.deprecated, op.deprecation_note, op.replaced_by = _deprecation(op.text_lines)
    pending_status_code: str | None = None
    while i < end:
        line = lines[i].strip()
        if line.startswith("curl "):
            op.curl_line = i + 1
            cm = CURL_RE.match(line)
            if cm and "?" in cm.group(2):
                op.curl_query = cm.group(2).split("?", 1)[1].strip()
            i += 1
            continue
        hm = CURL_HEADER_RE.match(line)
        if hm:
            op.request_headers[hm.group(1)] = hm.group(2).strip()
            i += 1
            continue
        if line == BODY_MARKER:
            j = i + 1
            example = []
            while j < end and lines[j].strip() != PARAM_HEADER:
                example.append(lines[j])
                j += 1
            op.request_body = RequestBody(
                schema="",
                required=False,
                description="",
                media_type="",
                line=0,
                example_line=i + 2,
                example_lines=example,
            )
            i = j
            continue
        if line == PARAM_HEADER:
            op.param_table_line = i + 1
            rows, i = _read_rows(lines, i + 1, _is_param_row, _param_complete, stop=end)
            for ln, cells, _raw, _w in rows:
                p = _build_parameter(ln, cells)
                if p.location == "body":
                    body = op.request_body or RequestBody(
                        schema="", required=False, description="", media_type="", line=0
                    )
                    body.schema = p.type.raw
                    body.required = p.required
                    body.description = p.description
                    body.line = ln
                    body.media_type = op.content_type or "application/json"
                    op.request_body = body
                else:
                    op.parameters.append(p)
            continue
        if line == ENUM_MARKER:
            entries, j, header = _read_enum_table(lines, i, stop=end)
            if header == PARAM_ENUM_HEADER:
                op.unplaced_enums.extend(_attach_enums(entries, op.parameters))
            elif header == PROPERTY_ENUM_HEADER and op.inline_tables:
                t = op.inline_tables[-1]
                t.enum_table_line = i + 1
                t.enum_entries.extend(entries)
                t.unplaced_enums.extend(_attach_enums(entries, t.rows))
            else:
                op.unplaced_enums.extend(entries)
            i = max(j, i + 1)
            continue
        em = EXAMPLE_STATUS_RE.match(line)
        if em:
            op.examples.append((em.group(1), i + 1))
            j = i + 1
            while j < end and _is_json_line(lines[j]):
                j += 1
            block = example_block(i + 2, lines[i + 1 : j])
            if block.entries:
                op.example_blocks[em.group(1)] = block
            i = j
            continue
        if line == STATUS_HEADER:
            op.status_table_line = i + 1
            rows, i = _read_rows(
                lines, i + 1, _is_status_row, _status_complete, stop=end
            )
            op.responses.extend(_build_response(ln, c, raw) for ln, c, raw, _ in rows)
            continue
        if line == HEADERS_HEADER:
            rows, i = _read_rows(
                lines, i + 1, _is_status_row, _header_complete, stop=end
            )
            op.response_headers.extend(
                _build_header(ln, c, raw) for ln, c, raw, _ in rows
            )
            continue
        sm = STATUS_CODE_RE.match(line)
        if sm:
            pending_status_code = sm.group(1)
            i += 1
            continue
        if line == SCHEMA_HEADER:
            table, i = _read_schema_table(lines, i, stop=end)
            table.operation = op.key
            table.status = pending_status_code
            for status, ln in op.examples:
                if status == pending_status_code:
                    table.example_line = ln + 1
            op.inline_tables.append(table)
            pending_status_code = None
            continue
        i += 1
    if op.request_body is not None and not op.request_body.media_type:
        op.request_body.media_type = op.content_type or "application/json"
    return op


# --------------------------------------------------------------------------- schemas section


def _table_preamble(
    lines: list[str], header_idx: int, floor: int
) -> tuple[str, int | None, int | None]:
    """Free text and JSON example right above a schemas-section table.
    Returns (description, description_line, example_line)."""
    j = header_idx - 1
    desc: list[str] = []
    while (
        j >= floor
        and not _is_json_line(lines[j])
        and not lines[j].rstrip().endswith("|")
        and "¶" not in lines[j]
    ):
        desc.insert(0, lines[j].rstrip())
        j -= 1
    desc_line = j + 2 if desc else None
    example_line = None
    while j >= floor and _is_json_line(lines[j]):
        example_line = j + 1
        j -= 1
    return "\n".join(desc), desc_line, example_line


def _parse_schemas_section(lines: list[str], start: int) -> list[SchemaTable]:
    tables = []
    i = start
    floor = start
    while i < len(lines):
        if lines[i].strip() == SCHEMA_HEADER:
            description, desc_line, example_line = _table_preamble(lines, i, floor)
            table, j = _read_schema_table(lines, i)
            table.description, table.description_line, table.example_line = (
                description,
                desc_line,
                example_line,
            )
            if example_line is not None:
                stop = (desc_line or i + 1) - 1  # 1-based line of the description, else the header
                table.example = example_block(example_line, lines[example_line - 1 : stop])
            tables.append(table)
            floor = j
            i = max(j, i + 1)
            continue
        i += 1
    return tables


# --------------------------------------------------------------------------- entry points


def parse_seed(text: str, path: str | None = None) -> Seed:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    starts = [i for i, l in enumerate(lines) if OPERATION_RE.match(l.strip())]
    operations: list[Operation] = []
    schemas_start: int | None = None
    for k, s in enumerate(starts):
        if k + 1 < len(starts):
            end = starts[k + 1]
        else:
            # The last operation ends at its "To perform this operation..." line; the schemas follow.
            end = len(lines)
            for j in range(s + 1, len(lines)):
                if lines[j].startswith(AUTH_LINE_PREFIX):
                    end = j + 1
                    break
            schemas_start = end
        operations.append(_parse_operation(lines, s, end))
    if not starts:
        schemas_start = 0
    tables: list[SchemaTable] = []
    for op in operations:
        tables.extend(op.inline_tables)
    if schemas_start is not None:
        tables.extend(_parse_schemas_section(lines, schemas_start))
    tables.sort(key=lambda t: t.line)
    return Seed(
        path=path,
        lines=lines,
        operations=operations,
        schema_tables=tables,
        schemas_start_line=(schemas_start + 1)
        if schemas_start is not None and schemas_start < len(lines)
        else None,
    )


def load_seed(path: str | Path) -> Seed:
    p = Path(path)
    return parse_seed(p.read_text(encoding="utf-8"), path=str(p))
