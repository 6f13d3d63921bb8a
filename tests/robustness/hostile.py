"""The corpus of hostile documents: each case writes its document(s) into a folder and
says what the one error must mention. Built at test time (nothing large is committed).

A case is (id, file name, content builder, expected fragments). The content builder gets
the folder (for cases that need sibling files) and returns bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .support import minimal_spec


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    build: Callable[[Path], bytes]
    expect: tuple[str, ...]  # fragments the error message must contain (besides the file name)
    max_seconds: float = 30.0


def _json(spec: Any) -> Callable[[Path], bytes]:
    return lambda folder: json.dumps(spec).encode("utf-8")


def _text(text: str) -> Callable[[Path], bytes]:
    return lambda folder: text.encode("utf-8")


def _with(*changes: tuple[tuple[str, ...], Any]) -> dict[str, Any]:
    """The minimal spec with values set at key paths, e.g. (("components", "schemas", "A"), {...})."""
    spec = minimal_spec()
    for keys, value in changes:
        node = spec
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    return spec


SCHEMAS = ("components", "schemas")


def _big_document(folder: Path) -> bytes:
    """A syntactically valid OpenAPI document of about 50 MB (many large descriptions)."""
    spec = minimal_spec()
    filler = "x" * 1000
    spec["components"]["schemas"].update(
        {f"S{i}": {"type": "string", "description": filler} for i in range(50_000)}
    )
    return json.dumps(spec).encode("utf-8")


def _big_yaml(folder: Path) -> bytes:
    """About 20 MB of valid YAML: under the JSON limit, over the YAML one."""
    head = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    body = "".join(f"    S{i}:\n      type: string\n      description: {'y' * 1000}\n" for i in range(20_000))
    return (head + body).encode("utf-8")


def _deep_json(folder: Path) -> bytes:
    spec = json.dumps(minimal_spec())
    return (spec[:-1] + ', "x-deep": ' + "[" * 10_000 + "]" * 10_000 + "}").encode("utf-8")


def _deep_yaml_flow(folder: Path) -> bytes:
    return ("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx-deep: " + "[" * 10_000 + "]" * 10_000 + "\n").encode("utf-8")


def _deep_yaml_block(folder: Path) -> bytes:
    """Block style must indent every level, so 10,000 levels would be 50 MB of spaces (the
    size limit answers that); 2,000 levels (2 MB) exercise the depth limit instead."""
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "paths: {}", "x-deep:"]
    lines += [" " * (i + 1) + f"k{i}:" for i in range(2_000)]
    return ("\n".join(lines) + " end\n").encode("utf-8")


def _billion_laughs(folder: Path) -> bytes:
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "paths: {}", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _external_sibling(folder: Path) -> bytes:
    (folder / "other.yaml").write_text("Thing: {type: object}\n", encoding="utf-8")
    return json.dumps(_with((SCHEMAS + ("T",), {"$ref": "other.yaml#/Thing"}))).encode("utf-8")


CASES: tuple[Case, ...] = (
    Case("invalid-yaml", "spec.yaml", _text("openapi: 3.0.3\ninfo: [unclosed\npaths: {}\n"), ("invalid YAML", "spec.yaml:")),
    Case("invalid-yaml-indent", "spec.yaml", _text("openapi: 3.0.3\n info: x\n  - y\n"), ("invalid YAML",)),
    Case("invalid-json", "spec.json", _text('{"openapi": "3.0.3", "info": }'), ("invalid JSON", "spec.json:1")),
    Case("invalid-json-trailing-comma", "spec.json", _text('{"openapi": "3.0.3",\n "paths": {},\n}'), ("invalid JSON", "spec.json:3")),
    Case("not-openapi", "spec.yaml", _text("name: my app\nversion: 1\n"), ("no `openapi` field",)),
    Case("json-schema-not-openapi", "spec.json", _json({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}), ("no `openapi` field",)),
    Case("swagger-2", "spec.json", _json({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}), ("#/swagger", "Swagger", "convert")),
    Case("openapi-3.1", "spec.json", _json(minimal_spec(openapi="3.1.0")), ("#/openapi", "3.1.0")),
    Case("openapi-version-number", "spec.yaml", _text("openapi: 3.0\ninfo: {title: T, version: '1'}\npaths: {}\n"), ("#/openapi", "not supported")),
    Case("dangling-ref", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": "#/components/schemas/Missing"}))),
         ("#/components/schemas/Thing/$ref", "points to nothing")),
    Case("ref-cycle", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": "#/components/schemas/Other"}),
                                              (SCHEMAS + ("Other",), {"$ref": "#/components/schemas/Thing"}))),
         ("$ref cycle",)),
    Case("ref-self", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": "#/components/schemas/Thing"}))), ("$ref cycle",)),
    Case("ref-outside-folder", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": "../../../etc/passwd#/x"}))),
         ("#/components/schemas/Thing/$ref", "another file", "bundle")),
    Case("ref-sibling-file", "spec.json", _external_sibling, ("other.yaml", "another file")),
    Case("ref-url", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": "https://evil.example/x.yaml#/Thing"}))),
         ("#/components/schemas/Thing/$ref", "a URL")),
    Case("ref-not-a-string", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": 42}))), ("$ref must be a string",)),
    Case("duplicate-operation-ids", "spec.json",
         _json(_with((("paths", "/things"), {"get": {"operationId": "getThing", "responses": {"200": {"description": "ok"}}}}))),
         ("operationId 'getThing' is also used", "unique")),
    Case("duplicate-yaml-key", "spec.yaml", _text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ninfo: {title: U, version: '2'}\n"),
         ("duplicate key 'info'", "spec.yaml:4")),
    Case("duplicate-json-key", "spec.json", _text('{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "paths": {}}'),
         ("duplicate key 'paths'",)),
    Case("duplicate-parameter", "spec.json", _json(_with((("paths", "/things/{thingId}", "get", "parameters"), [
        {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}]))), ("get/parameters/1", "declared twice")),
    Case("big-50mb", "spec.json", _big_document, ("over the 32 MiB limit", "split")),
    Case("big-yaml-20mb", "spec.yaml", _big_yaml, ("over the 16 MiB limit for YAML", "convert it to JSON")),
    Case("deep-json-10000", "spec.json", _deep_json, ("nested too deeply",)),
    Case("deep-yaml-flow-10000", "spec.yaml", _deep_yaml_flow, ("nest",)),
    Case("deep-yaml-block-2000", "spec.yaml", _deep_yaml_block, ("nest", "spec.yaml:", "256 levels")),
    Case("billion-laughs", "spec.yaml", _billion_laughs, ("aliases", "not allowed", "spec.yaml:")),
    Case("yaml-merge-key", "spec.yaml", _text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx: {<<: {a: 1}}\n"), ("merge keys",)),
    Case("yaml-python-tag", "spec.yaml", _text("openapi: 3.0.3\ninfo: !!python/object/apply:os.system ['echo pwned']\npaths: {}\n"), ("python/object/apply", "not allowed", "spec.yaml:2")),
    Case("yaml-python-scalar-tag", "spec.yaml", _text("openapi: !!python/name:os.system\ninfo: {}\npaths: {}\n"), ("not allowed", "spec.yaml:1")),
    Case("yaml-set-tag", "spec.yaml", _text("openapi: 3.0.3\ninfo: !!set {a, b}\npaths: {}\n"), ("2002:set", "not allowed")),
    Case("yaml-bad-int-tag", "spec.yaml", _text("openapi: 3.0.3\ninfo: {title: T, version: !!int abc}\npaths: {}\n"), ("cannot read 'abc' as int",)),
    Case("yaml-multiple-documents", "spec.yaml", _text("openapi: 3.0.3\n---\nopenapi: 3.0.3\n"), ("invalid YAML",)),
    Case("document-is-list", "spec.json", _text('[{"openapi": "3.0.3"}]'), ("is a list, not a mapping",)),
    Case("document-is-scalar-number", "spec.yaml", _text("42\n"), ("is a int, not a mapping",)),
    Case("document-is-scalar-string", "spec.yaml", _text("just some words\n"), ("is a str, not a mapping",)),
    Case("document-is-null", "spec.json", _text("null"), ("not a mapping",)),
    Case("non-utf8", "spec.yaml", lambda folder: b"openapi: 3.0.3\ninfo:\n  title: caf\xe9\n", ("not UTF-8",)),
    Case("binary-garbage", "spec.json", lambda folder: bytes(range(256)) * 4, ("not UTF-8",)),
    Case("nul-bytes", "spec.yaml", lambda folder: b"openapi: 3.0.3\x00\ninfo: {}\n", ("invalid YAML",)),
    Case("empty-file", "spec.yaml", lambda folder: b"", ("empty",)),
    Case("whitespace-only", "spec.json", lambda folder: b"  \n\t\n", ("empty",)),
    Case("comment-only", "spec.yaml", _text("# nothing here\n"), ("empty",)),
    Case("paths-is-a-list", "spec.json", _json(_with((("paths",), [1, 2]))), ("#/paths", "must be a mapping")),
    Case("components-schemas-is-a-list", "spec.json", _json(_with((SCHEMAS, [1]))), ("#/components/schemas", "must be a mapping")),
    Case("ref-to-a-string", "spec.json", _json(_with((SCHEMAS + ("Thing",), {"$ref": "#/info/title"}))), ("#/components/schemas/Thing/$ref", "points to a str")),
    Case("oneof-not-a-list", "spec.json", _json(_with((SCHEMAS + ("U",), {"oneOf": 5, "discriminator": {"propertyName": "kind"}}))),
         ("#/components/schemas/U",)),
    Case("allof-enum-and-object", "spec.json", _json(_with(
        (SCHEMAS + ("E",), {"type": "string", "enum": ["a"]}),
        (SCHEMAS + ("X",), {"allOf": [{"$ref": "#/components/schemas/E"}, {"type": "object", "properties": {"n": {"type": "string"}}}]}))),
        ("#/components/schemas/X/allOf", "combines enum and object")),
    Case("info-missing", "spec.json", _json({"openapi": "3.0.3", "paths": {}}), ("info",)),
)
