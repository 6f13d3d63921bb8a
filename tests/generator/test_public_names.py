"""Public names are a contract: additive spec edits keep every earlier name and its shape,
and `python -m generator diff` tells breaking changes from compatible ones.

The surface compared is the one API.md shows (generator/surface.py): methods with their
parameters and return types, types with their fields, enum members.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.compare import BREAKING, COMPATIBLE, Change, compare
from generator.ir import build
from generator.load import load
from generator.models import render_models
from generator.surface import Surface, extract

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
SPECS = sorted((ROOT / "tests" / "data" / "specs").glob("*.json"))


def surface(spec: dict[str, Any], folder: Path, name: str) -> Surface:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api = build(load(path))
        return extract(api, "pkg", render_models(api, "pkg"))


def our_spec() -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return copy.deepcopy(load(SPEC).data)


def additive_edits(spec: dict[str, Any]) -> dict[str, Any]:
    """A new inline enum on an unrelated schema, a new nested inline object, a new list of
    inline item objects, and a new operation with an inline body and response."""
    new = copy.deepcopy(spec)
    schemas = new["components"]["schemas"]
    schemas["AccessControl"]["properties"]["shareKind"] = {"type": "string", "enum": ["direct", "inherited"]}
    schemas["ModelDetailsResponse"]["properties"]["provenance"] = {
        "type": "object", "properties": {"source": {"type": "string"}, "origin": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["a", "b"]}}}},
    }
    schemas["BlenderRetrieveResponse"]["properties"]["warnings"] = {
        "type": "array", "items": {"type": "object", "properties": {"code": {"type": "integer"}, "modelCategory": {"type": "string", "enum": ["model", "prime"]}}},
    }
    new["paths"]["/api/v2/projects/{projectId}/modelNotes/"] = {
        "post": {
            "operationId": "createModelNote", "tags": [new["paths"][next(iter(new["paths"]))][next(m for m in new["paths"][next(iter(new["paths"]))] if m != "parameters")]["tags"][0]],
            "parameters": [{"name": "projectId", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"text": {"type": "string"}, "category": {"type": "string", "enum": ["model", "note"]}}}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"id": {"type": "string"}, "modelCategory": {"type": "string", "enum": ["x"]}}}}}}},
        }
    }
    return new


def test_additive_edits_keep_every_public_name_and_its_shape(tmp_path: Path) -> None:
    spec = our_spec()
    before = surface(spec, tmp_path, "before")
    after = surface(additive_edits(spec), tmp_path, "after")
    methods = {m.key: m for m in after.methods}
    for method in before.methods:
        assert methods.get(method.key) == method, method.key
    types = {t.name: t for t in after.types}
    for t in before.types:
        new = types.get(t.name)
        assert new is not None, f"{t.name} is gone"
        assert (new.kind, new.bases, new.members, new.alias) == (t.kind, t.bases, t.members, t.alias), t.name
        assert new.fields[: len(t.fields)] == t.fields, t.name  # the same fields, in the same order, same types
    changes = compare(before, after)
    assert [c for c in changes if c.level == BREAKING] == []
    added = {c.where for c in changes if c.what == "type added"}
    assert {"types.AccessControlShareKind", "types.ModelDetailsResponseProvenance", "types.ModelDetailsResponseProvenanceOrigin",
            "types.ModelDetailsResponseProvenanceOriginKind", "types.BlenderRetrieveResponseWarningsItem",
            "types.BlenderRetrieveResponseWarningsItemModelCategory", "types.CreateModelNoteRequest", "types.CreateModelNoteResponse"} <= added


def test_removing_an_unrelated_schema_property_renames_nothing(tmp_path: Path) -> None:
    spec = our_spec()
    edited = copy.deepcopy(spec)
    # a schema with inline enums: drop one of them; every other class keeps its name
    props = edited["components"]["schemas"]["ModelDetailsResponse"]["properties"]
    del props["modelCategory"]
    required = edited["components"]["schemas"]["ModelDetailsResponse"].get("required", [])
    if "modelCategory" in required:
        required.remove("modelCategory")
    before, after = surface(spec, tmp_path, "before"), surface(edited, tmp_path, "after")
    gone = {t.name for t in before.types} - {t.name for t in after.types}
    assert gone == {"ModelDetailsResponseModelCategory"}
    breaking = {(c.where, c.what) for c in compare(before, after) if c.level == BREAKING}
    assert ("types.ModelDetailsResponse.model_category", "field removed") in breaking
    assert ("types.ModelDetailsResponseModelCategory", "type removed") in breaking


def first_object(spec: dict[str, Any]) -> tuple[str, str]:
    """A component object with an optional property to remove (its first one)."""
    for name, schema in spec["components"]["schemas"].items():
        props = schema.get("properties") if isinstance(schema, dict) else None
        if isinstance(props, dict) and len(props) > 1 and "allOf" not in schema and "oneOf" not in schema:
            return name, next(iter(props))
    raise AssertionError("no object schema")


@pytest.mark.parametrize("path", [SPEC, *SPECS], ids=lambda p: p.stem)
def test_removed_field_is_breaking_and_added_optional_field_compatible(path: Path, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = copy.deepcopy(load(path).data)
    name, prop = first_object(spec)
    before = surface(spec, tmp_path, "before")
    removed = copy.deepcopy(spec)
    del removed["components"]["schemas"][name]["properties"][prop]
    added = copy.deepcopy(spec)
    added["components"]["schemas"][name]["properties"]["zzAddedLater"] = {"type": "string"}
    removal = compare(before, surface(removed, tmp_path, "removed"))
    addition = compare(before, surface(added, tmp_path, "added"))
    assert any(c.level == BREAKING and c.what == "field removed" and c.where.startswith("types.") for c in removal)
    assert [c for c in addition if c.level == BREAKING] == []
    assert [c.what for c in addition] == ["field added"] and addition[0].level == COMPATIBLE


def base_surface() -> Surface:
    from generator.surface import FieldDef, Member, Method, Param, TypeDef

    return Surface(
        "pkg",
        (Method("things", "get_thing", (Param("thing_id", "str", True, True), Param("limit", "int", False, False)), "Thing"),
         Method("things", "make_thing", (Param("body", "NewThing | Mapping[str, Any]", True, False),), "Thing")),
        (TypeDef("Thing", "object", (), (FieldDef("id", "id", "str", True), FieldDef("size", "size", "int | None", False)), (), "", ("response",)),
         TypeDef("NewThing", "object", (), (FieldDef("name", "name", "str", False), FieldDef("kind", "kind", "Kind", False)), (), "", ("request",)),
         TypeDef("Kind", "enum", (), (), (Member("A", '"a"'), Member("B", '"b"')), "", ("request",))),
        (("things", "ThingsResource"),),
    )


def replace(s: Surface, **kwargs: Any) -> Surface:
    from dataclasses import replace as dc_replace

    return dc_replace(s, **kwargs)


def levels(changes: list[Change]) -> set[tuple[str, str, str]]:
    return {(c.level, c.where, c.what) for c in changes}


def test_rules_on_a_small_surface() -> None:
    from dataclasses import replace as r

    old = base_surface()
    get, make = old.methods
    thing, new_thing, kind = old.types
    # a parameter newly required, a return type changed
    changed = replace(old, methods=(r(get, params=(get.params[0], r(get.params[1], required=True)), returns="Thing | None"), make))
    assert levels(compare(old, changed)) == {
        (BREAKING, "client.things.get_thing(limit=)", "parameter newly required"),
        (BREAKING, "client.things.get_thing", "return type changed: Thing -> Thing | None"),
    }
    # an enum member removed from a request; a request field newly required; a response field narrowed
    changed = replace(old, types=(r(thing, fields=(thing.fields[0], r(thing.fields[1], type="int"))),
                                  r(new_thing, fields=(r(new_thing.fields[0], required=True), new_thing.fields[1])),
                                  r(kind, members=kind.members[:1])))
    assert levels(compare(old, changed)) == {
        (COMPATIBLE, "types.Thing.size", "type changed: int | None -> int"),
        (BREAKING, "types.NewThing.name", "field newly required"),
        (BREAKING, "types.Kind.B", 'enum member removed from a request ("b")'),
    }
    # a method renamed is a removal; an optional parameter added is compatible
    changed = replace(old, methods=(r(get, name="fetch_thing", params=(*get.params, r(get.params[1], name="offset"))), make))
    assert levels(compare(old, changed)) == {
        (BREAKING, "client.things.get_thing", "method removed"),
        (COMPATIBLE, "client.things.fetch_thing", "method added"),
    }
    changed = replace(old, methods=(r(get, params=(*get.params, r(get.params[1], name="offset"))), make))
    assert levels(compare(old, changed)) == {(COMPATIBLE, "client.things.get_thing(offset=)", "optional parameter added")}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_diff_cli_exit_codes(tmp_path: Path) -> None:
    spec = our_spec()
    old = tmp_path / "old.json"
    old.write_text(json.dumps(spec), encoding="utf-8")
    name, prop = first_object(spec)
    del spec["components"]["schemas"][name]["properties"][prop]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(spec), encoding="utf-8")
    same = run("diff", str(old), str(old))
    assert same.returncode == 0, same.stderr
    assert "0 breaking, 0 compatible" in same.stdout
    broken = run("diff", str(old), str(new))
    assert broken.returncode == 4, broken.stderr
    assert "BREAKING (1):" in broken.stdout and "field removed" in broken.stdout
    fixed = run("diff", str(new), str(old))
    assert fixed.returncode == 0 and "field added" in fixed.stdout
    head = run("diff", "HEAD", str(old))  # a git revision of the configured spec
    assert head.returncode in (0, 4) and "public surface:" in head.stdout, head.stderr
    bad = run("diff", "no-such-revision")
    assert bad.returncode == 1 and "no-such-revision" in bad.stderr and "Traceback" not in bad.stderr


def test_check_exits_4_when_the_drift_breaks_callers(tmp_path: Path) -> None:
    spec = our_spec()
    name, prop = first_object(spec)
    del spec["components"]["schemas"][name]["properties"][prop]
    edited = tmp_path / "edited.yaml"
    edited.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = run("check", "--spec", str(edited), "--out", str(ROOT / "generated"))
    assert result.returncode == 4, result.stderr[-2000:]
    assert "field removed" in result.stderr and "public surface: 1 breaking" in result.stderr
