"""References in real-world documents (issue 13, point 3): `$ref` as a name or as data is
not a reference; RFC 6901 (`~0`, `~1`) and RFC 3986 (percent) escapes are decoded in every
position a reference can take; documents without tags or paths still generate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import pointer as jp

from .realworld_support import generate, package_of
from .support import import_all, minimal_spec, types_source


def ok(tmp_path: Path, spec: dict[str, Any], *flags: str) -> tuple[Path, str]:
    result = generate(tmp_path, spec, *flags)
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    client_dir, package = package_of(result)
    import_all(client_dir, package)
    return client_dir, package


# -- $ref as a name or as data ----------------------------------------------------------------
def test_property_named_ref(tmp_path: Path) -> None:
    """Kubernetes' JSONSchemaProps has a property literally called `$ref`."""
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"]["$ref"] = {"type": "string", "description": "a reference"}
    spec["components"]["schemas"]["Thing"]["required"] = ["$ref"]
    client_dir, package = ok(tmp_path, spec, "--strict")
    assert 'alias="$ref"' in types_source(client_dir / package)


def test_ref_as_an_enum_value_and_an_example_key(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"]["kind"] = {"type": "string", "enum": ["$ref", "plain"]}
    spec["components"]["schemas"]["Thing"]["example"] = {"$ref": "not/a/reference", "id": "x"}
    content = spec["paths"]["/things/{thingId}"]["get"]["responses"]["200"]["content"]["application/json"]
    content["examples"] = {"one": {"value": {"$ref": "#/nowhere"}}}
    spec["components"]["schemas"]["Thing"]["properties"]["id"]["example"] = {"$ref": 5}
    spec["components"]["schemas"]["Thing"]["x-extra"] = {"$ref": "https://example.com/elsewhere.json"}
    ok(tmp_path, spec, "--strict")


def test_header_and_parameter_named_ref(tmp_path: Path) -> None:
    spec = minimal_spec()
    op = spec["paths"]["/things/{thingId}"]["get"]
    op["responses"]["200"]["headers"] = {"$ref": {"description": "a header called $ref", "schema": {"type": "string"}}}
    op["parameters"].append({"name": "$ref", "in": "query", "schema": {"type": "string"}})
    spec["components"]["headers"] = {"$ref": {"schema": {"type": "integer"}}}
    ok(tmp_path, spec, "--strict")


def test_a_real_ref_that_is_not_a_string_is_still_an_error(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"]["id"] = {"$ref": 5}
    result = generate(tmp_path, spec)
    assert result.code == 1 and "#/components/schemas/Thing/properties/id/$ref: $ref must be a string" in result.stderr


# -- escaped and percent-encoded pointers -------------------------------------------------------
NAMES = ["a/b", "t~x", "sp ace", "pct%d", "br{ace}"]


def _escaped_spec() -> dict[str, Any]:
    """Components whose names need `~1`, `~0` or percent-encoding, referenced from every
    kind of position: property, items, allOf, parameter, response, request body, header."""
    refs = {name: jp.to_ref(jp.join("/components/schemas", name)) for name in NAMES}
    spec = minimal_spec()
    schemas = spec["components"]["schemas"]
    for index, name in enumerate(NAMES):
        schemas[name] = {"type": "object", "properties": {f"p{index}": {"type": "string"}}}
    schemas["br{ace}"] = {"type": "string", "maxLength": 5}  # a query parameter's schema
    schemas["Thing"]["properties"].update(
        one={"$ref": refs["a/b"]},
        many={"type": "array", "items": {"$ref": refs["t~x"]}},
        both={"allOf": [{"$ref": refs["sp ace"]}, {"$ref": refs["pct%d"]}]},
    )
    spec["components"]["parameters"] = {"lim/it": {"name": "limit", "in": "query", "schema": {"$ref": refs["br{ace}"]}}}
    spec["components"]["responses"] = {"Got~It": {"description": "got", "content": {"application/json": {"schema": {"$ref": refs["a/b"]}}}}}
    spec["components"]["requestBodies"] = {"Body Of": {"content": {"application/json": {"schema": {"$ref": refs["sp ace"]}}}}}
    spec["components"]["headers"] = {"X-Rate/Limit": {"schema": {"type": "integer"}}}
    spec["paths"]["/things/{thingId}"]["post"] = {
        "operationId": "postThing",
        "parameters": [{"$ref": jp.to_ref("/components/parameters/lim~1it")},
                       {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"$ref": "#/components/requestBodies/Body%20Of"},
        "responses": {
            "200": {"$ref": "#/components/responses/Got~0It"},
            "201": {"description": "made", "headers": {"X-Rate-Limit": {"$ref": "#/components/headers/X-Rate~1Limit"}}},
        },
    }
    return spec


def test_refs_with_tilde_and_percent_escapes_in_every_position(tmp_path: Path) -> None:
    spec = _escaped_spec()
    assert spec["components"]["schemas"]["Thing"]["properties"]["both"]["allOf"][1]["$ref"] == "#/components/schemas/pct%25d"
    client_dir, package = ok(tmp_path, spec, "--strict")
    types = types_source(client_dir / package)
    assert "class Thing(" in types and "p3:" in types  # the model of "pct%d" exists


def test_percent_encoded_ref_into_a_path_and_a_media_type(tmp_path: Path) -> None:
    """The shapes seen in published documents: `#/paths/~1v2~1keys~1%7Bid%7D/...` and
    `application~1xml;%20charset=utf-8`."""
    spec = minimal_spec()
    get = spec["paths"]["/things/{thingId}"]["get"]
    get["responses"]["200"]["content"]["application/xml; charset=utf-8"] = {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}
    spec["paths"]["/other"] = {
        "get": {
            "operationId": "getOther",
            "responses": {
                "200": {"$ref": "#/paths/~1things~1%7BthingId%7D/get/responses/200"},
                "201": {"description": "xml", "content": {"text/plain": {
                    "schema": {"$ref": "#/paths/~1things~1%7BthingId%7D/get/responses/200/content/application~1xml;%20charset=utf-8/schema"}}}},
            },
        }
    }
    ok(tmp_path, spec)


def test_a_ref_whose_decoded_pointer_leads_nowhere_is_located(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"]["id"] = {"$ref": "#/components/schemas/No%20Such"}
    result = generate(tmp_path, spec)
    assert result.code == 1
    assert "#/components/schemas/Thing/properties/id/$ref: $ref '#/components/schemas/No%20Such' points to nothing" in result.stderr


def test_a_ref_with_a_bad_percent_escape_is_located(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"]["id"] = {"$ref": "#/components/schemas/%E9"}
    result = generate(tmp_path, spec)
    assert result.code == 1 and "#/components/schemas/Thing/properties/id/$ref" in result.stderr, result.stderr


# -- documents without tags or paths ---------------------------------------------------------
def test_no_tags(tmp_path: Path) -> None:
    spec = minimal_spec()
    del spec["paths"]["/things/{thingId}"]["get"]["tags"]
    spec["paths"]["/more"] = {"post": {"responses": {"204": {"description": "done"}}}}
    client_dir, package = ok(tmp_path, spec, "--strict")
    assert (client_dir / package / "resources" / "default.py").is_file()


@pytest.mark.parametrize("paths", [{}, None], ids=["empty", "absent"])
def test_no_paths(tmp_path: Path, paths: dict[str, Any] | None) -> None:
    spec = minimal_spec()
    if paths is None:
        del spec["paths"]
    else:
        spec["paths"] = paths
    result = generate(tmp_path, spec)
    if paths is None:  # OpenAPI 3.0 requires `paths`: a located error, not a traceback
        assert result.code == 1 and "'paths' is a required property" in result.stderr, result.stderr
        return
    assert result.code == 0, result.stderr
    import_all(*package_of(result))


# -- the pointer module itself -------------------------------------------------------------------
@pytest.mark.parametrize("token", ["a", "a/b", "~", "~1", "~01", "/~/", "", "%7B", "sp ace"])
def test_escape_round_trip(token: str) -> None:
    assert jp.split(jp.join("", token)) == [token]
    assert jp.from_ref(jp.to_ref(jp.join("/x", token))) == jp.join("/x", token)


def test_unescape_order_is_rfc_6901() -> None:
    assert jp.unescape("~01") == "~1"  # not "/"
    assert jp.split("/a~1b/c~0d/~01") == ["a/b", "c~d", "~1"]


def test_resolve_and_schema_name() -> None:
    data = {"components": {"schemas": {"a/b": {"type": "string"}, "x y": {"$ref": "#/components/schemas/a~1b"}}}, "l": [1, 2]}
    assert jp.resolve_ref(data, "#/components/schemas/x%20y") == {"$ref": "#/components/schemas/a~1b"}
    assert jp.schema_name("#/components/schemas/x%20y") == "x y"
    assert jp.schema_name("#/components/schemas/a~1b/properties/p") is None
    assert jp.resolve(data, "/l/1") == 2
    for bad in ("/l/01", "/l/2", "/nothing"):
        with pytest.raises(KeyError):
            jp.resolve(data, bad)
    assert jp.follow(data, ["components", "schemas", "x y", "type"]) == "/components/schemas/a~1b/type"


def test_json_documents_have_lines(tmp_path: Path) -> None:
    from generator.load import load

    path = tmp_path / "s.json"
    path.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a~b": {}}}, indent=1), encoding="utf-8")
    doc = load(path)
    assert doc.locate("/paths/~1a~0b").line == 8
    assert doc.locate("/info/title/nothing").line == 4


def test_a_duplicate_json_key_is_located(tmp_path: Path) -> None:
    from generator.errors import LoadError
    from generator.load import load

    path = tmp_path / "s.json"
    path.write_text('{"openapi": "3.0.3",\n "paths": {"/a": {},\n  "/a": {}}}', encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load(path)
    assert str(info.value.problems[0].location) == f"{path}:3#/paths/~1a"
