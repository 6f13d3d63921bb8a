"""Read the OpenAPI document from disk into plain Python data, remembering where each
node came from (JSON pointer -> line), so later stages can report `file:line#/pointer`.

It parses YAML and JSON with hard limits (size, nesting depth, no YAML aliases, no
duplicate keys) and reports every failure as a located LoadError. It does not judge
whether the document is valid OpenAPI: that is validate's job.
"""

from __future__ import annotations

import json
import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cache import NO_CACHE, Cache
from .errors import LoadError, Location, Problem
from .pointer import escape as escape_token  # also imported from here by ir/build.py

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_YAML_BYTES", "Document", "escape_token", "load"]

# Measured (tests/robustness, 2 cores): a 30 MB JSON document loads in ~1.2 s and ~270 MB;
# the same as YAML takes ~37 s and ~1.1 GB (PyYAML builds a node tree in Python), so YAML
# gets half the room. Both leave space for the largest public API documents (~11 MB).
MAX_BYTES = 32 * 1024 * 1024
MAX_YAML_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 256

try:  # the C parser is ~10x faster; the composer and our constructor stay in Python
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """YAML 1.2 core schema, which OpenAPI 3.0 recommends and JavaScript tools (Redocly,
    Prism) use: only true/false are booleans (not yes/no/on/off, the "Norway problem"),
    no base-60 numbers, no `_` digit separators, `010` is ten, and `=` or `<<` are text."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _core_int)
# Scalars an OpenAPI document can hold; anything else (!!binary, !!python/..., custom
# tags) is refused with its line rather than turned into a Python object.
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))


@dataclass
class Document:
    """A loaded document: its data and a pointer -> line map for error messages."""

    path: Path
    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    json_text: str | None = field(default=None, repr=False, compare=False)  # a JSON source whose lines are not mapped yet

    def locate(self, pointer: str) -> Location:
        """The location of `pointer`, with the line of it or of its nearest ancestor."""
        if self.json_text is not None:
            self.lines, self.json_text = _json_lines(self.json_text), None
        probe = pointer
        while True:
            if probe in self.lines:
                return Location(str(self.path), pointer, self.lines[probe])
            if not probe:
                return Location(str(self.path), pointer)
            probe = probe.rsplit("/", 1)[0]


def load(path: Path, cache: Cache = NO_CACHE) -> Document:
    """Load a YAML or JSON OpenAPI document from `path`. A YAML document read before (the
    same bytes, the same generator and libraries) comes from the stage cache: parsing our
    spec's YAML with line tracking takes ~90 ms, reading it back (marshal) ~5 ms."""
    where = Location(str(path))
    if not path.exists():
        raise LoadError(Problem(where, "file not found", "check the --spec path or [tool.generator] spec"))
    if not path.is_file():
        raise LoadError(Problem(where, "not a regular file", "point --spec at the OpenAPI document itself"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoadError(
            Problem(
                where,
                f"document is {size / 1e6:.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MiB limit",
                "split the document or remove unused parts",
            )
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(Problem(where, f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8")) from None
    if not text.strip():
        raise LoadError(Problem(where, "the document is empty", "write an OpenAPI document"))
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")) and path.suffix.lower() != ".yaml":
        doc = Document(path, _load_json(text, path), {}, json_text=text)  # lines are found when a message needs one
        _check_depth(doc)
        return doc
    elif size > MAX_YAML_BYTES:
        raise LoadError(
            Problem(where, f"YAML document is {size / 1e6:.1f} MB, over the {MAX_YAML_BYTES // (1024 * 1024)} MiB limit for YAML",
                    "convert it to JSON (which loads ~30x faster, limit 32 MiB) or split it")
        )
    else:
        key = cache.key("load", raw)
        loaded = _unmarshal(cache.get_bytes("load", key))
        if loaded is None:
            loaded = _load_yaml(text, path)
            try:
                cache.put_bytes("load", key, marshal.dumps(loaded))
            except ValueError:  # not a plain value after all: not cached
                pass
        data, lines = loaded
    doc = Document(path, data, lines)
    _check_depth(doc)
    return doc


def _unmarshal(data: bytes | None) -> tuple[Any, dict[str, int]] | None:
    """A cached (data, lines) pair, or None when there is none or it is damaged."""
    if data is None:
        return None
    try:
        value = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return value if isinstance(value, tuple) and len(value) == 2 else None


def _load_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise LoadError(
            Problem(Location(str(path), line=exc.lineno), f"invalid JSON: {exc.msg} (column {exc.colno})", "fix the JSON syntax")
        ) from None
    except _DuplicateKey as exc:
        found = _json_lines(text, stop_at_duplicate=True)
        where = Location(str(path), *next(iter(found.items()))) if found else Location(str(path))
        raise LoadError(Problem(where, f"duplicate key {exc.key!r}", "keys must be unique within an object")) from None
    except RecursionError:
        raise LoadError(
            Problem(Location(str(path)), "document is nested too deeply to parse", f"keep nesting under {MAX_DEPTH} levels")
        ) from None


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|\n|[^\s{}\[\]:,"]+')


def _json_lines(text: str, stop_at_duplicate: bool = False) -> dict[str, int]:
    """The line of every value of a (valid) JSON text by JSON pointer, as _construct
    records them for YAML; one pass of a regular-expression tokenizer. With
    stop_at_duplicate, only the first key written twice in an object (pointer -> line)."""
    lines: dict[str, int] = {}
    line = 1
    # per open container: [pointer, is it an object, pending key (object) or next index (array), keys seen]
    stack: list[list[Any]] = []
    expect_key = False
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            continue
        if token in ",:":
            expect_key = token == "," and bool(stack) and stack[-1][1]
            continue
        if token in "}]":
            stack.pop()
            expect_key = False
            continue
        if expect_key:  # an object's key
            key = json.loads(token)
            if stop_at_duplicate and key in stack[-1][3]:
                return {f"{stack[-1][0]}/{escape_token(key)}": line}
            stack[-1][2] = key
            stack[-1][3].add(key)
            expect_key = False
            continue
        if not stack:
            pointer = ""
        elif stack[-1][1]:
            pointer = f"{stack[-1][0]}/{escape_token(stack[-1][2])}"
        else:
            pointer = f"{stack[-1][0]}/{stack[-1][2]}"
            stack[-1][2] += 1
        if not stop_at_duplicate:
            lines[pointer] = line
        if token in "{[":
            stack.append([pointer, token == "{", 0, set()])
            expect_key = token == "{"
    return lines


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _load_yaml(text: str, path: Path) -> tuple[Any, dict[str, int]]:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise LoadError(Problem(Location(str(path)), "the document is empty", "write an OpenAPI document"))
        return _construct(loader, root, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = str(exc.problem or exc.context)
        hint = f"keep nesting under {MAX_DEPTH} levels" if "nesting depth" in problem else "fix the YAML syntax"
        raise LoadError(Problem(Location(str(path), line=line), f"invalid YAML: {problem}", hint)) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(Location(str(path)), f"invalid YAML: {exc}", "fix the YAML syntax")) from None
    except RecursionError:
        raise LoadError(
            Problem(Location(str(path)), "document is nested too deeply to parse", f"keep nesting under {MAX_DEPTH} levels")
        ) from None
    finally:
        loader.dispose()


def _construct(loader: yaml.SafeLoader, root: yaml.Node, path: Path) -> tuple[Any, dict[str, int]]:
    """Turn the node tree into dicts/lists/scalars iteratively (no recursion limit),
    recording the line of every node by JSON pointer."""
    lines: dict[str, int] = {}

    def scalar(node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG:
            return node.value  # what the constructor would return, without its machinery (most scalars)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # keep dates as the strings OpenAPI means
        where = Location(str(path), line=node.start_mark.line + 1)
        if node.tag not in _SCALAR_TAGS:
            raise LoadError(Problem(where, f"YAML tag {node.tag!r} is not allowed", "OpenAPI holds only strings, numbers, booleans and null; remove the tag"))
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # e.g. `!!int abc`
            raise LoadError(Problem(where, f"cannot read {node.value[:80]!r} as {node.tag.rsplit(':', 1)[-1]}: {exc}", "fix or remove the tag")) from None

    def make(node: yaml.Node) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            kind = "map" if isinstance(node, yaml.MappingNode) else "seq"
            if node.tag != f"tag:yaml.org,2002:{kind}":  # e.g. !!python/object/apply, !!set, !!omap
                raise LoadError(Problem(Location(str(path), line=node.start_mark.line + 1), f"YAML tag {node.tag!r} is not allowed",
                                        "OpenAPI holds only plain mappings and lists; remove the tag"))
            return {} if kind == "map" else []
        return scalar(node)  # type: ignore[arg-type]

    # A node reached twice is a YAML alias. Aliases are refused outright: they are the
    # vector of "billion laughs" expansion bombs, and OpenAPI has $ref for reuse.
    seen: set[int] = set()

    def visit(node: yaml.Node) -> None:
        if id(node) in seen:
            raise LoadError(
                Problem(
                    Location(str(path), line=node.start_mark.line + 1),
                    "YAML anchors and aliases (&name / *name) are not allowed",
                    "write the content out, or use an OpenAPI $ref for reuse",
                )
            )
        seen.add(id(node))

    result = make(root)
    visit(root)
    lines[""] = root.start_mark.line + 1
    stack: list[tuple[yaml.Node, Any, str, int]] = [(root, result, "", 0)]
    while stack:
        node, target, pointer, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError(
                Problem(Location(str(path), pointer[:200], node.start_mark.line + 1), f"nesting deeper than {MAX_DEPTH} levels", "flatten the document with $ref")
            )
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise LoadError(Problem(Location(str(path), pointer, key_node.start_mark.line + 1), "mapping keys must be scalars"))
                key = scalar(key_node)
                key = key if isinstance(key, str) else json.dumps(key) if key is None or isinstance(key, bool) else str(key)
                if key == "<<":
                    raise LoadError(Problem(Location(str(path), pointer, key_node.start_mark.line + 1), "YAML merge keys (<<) are not allowed", "write the keys out"))
                if key in target:
                    raise LoadError(
                        Problem(Location(str(path), pointer, key_node.start_mark.line + 1), f"duplicate key {key!r}", "keys must be unique within a mapping")
                    )
                child_pointer = f"{pointer}/{escape_token(key)}"
                visit(value_node)
                value = make(value_node)
                target[key] = value
                lines[child_pointer] = value_node.start_mark.line + 1
                if isinstance(value, (dict, list)):
                    stack.append((value_node, value, child_pointer, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for index, item_node in enumerate(node.value):
                child_pointer = f"{pointer}/{index}"
                visit(item_node)
                value = make(item_node)
                target.append(value)
                lines[child_pointer] = item_node.start_mark.line + 1
                if isinstance(value, (dict, list)):
                    stack.append((item_node, value, child_pointer, depth + 1))
    return result, lines


def _check_depth(doc: Document) -> None:
    stack: list[tuple[Any, int]] = [(doc.data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError(Problem(Location(str(doc.path)), f"nesting deeper than {MAX_DEPTH} levels", "flatten the document with $ref"))
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))


def load_revision(path: Path, revision: str) -> Document:
    """Load `path` as it is in git `revision` (`HEAD~1`, a tag, a commit): for comparing
    the spec with an earlier version of itself. Reads the object store; writes nothing
    but a temporary copy."""
    import subprocess
    import tempfile

    where = Location(f"{revision}:{path}")
    if revision.startswith("-"):
        raise LoadError(Problem(where, "not a git revision", "name a commit, branch or tag, e.g. HEAD~1"))
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.resolve().parent, capture_output=True, text=True, check=True, timeout=30)
        root = Path(top.stdout.strip())
        relative = path.resolve().relative_to(root).as_posix()
        shown = subprocess.run(["git", "show", f"{revision}:{relative}"], cwd=root, capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        message = detail.decode("utf-8", "replace").strip().splitlines()[0] if detail else type(exc).__name__
        raise LoadError(Problem(where, f"cannot read the spec at this git revision: {message}",
                                "give an existing revision of a file tracked by git, or a path to a spec file")) from None
    with tempfile.TemporaryDirectory(prefix="spec-revision-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(shown.stdout)
        doc = load(copy)
    return Document(Path(f"{revision}:{relative}"), doc.data, doc.lines)
