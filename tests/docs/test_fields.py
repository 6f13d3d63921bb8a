"""Field trees for the reference (generator/targets/fields.py) from inline spec fragments,
and the located warning for reST markup the reference does not know."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import yaml

from generator.errors import SpecWarning
from generator.filters import rest_prose
from generator.ir import build
from generator.load import load
from generator.targets.fields import body_tree, component_trees

from .support import fenced_blocks, render_docs

SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "readOnly": True}}},
            "Kind": {"type": "string", "enum": [f"k{i}" for i in range(30)]},
            "Thing": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["meta"],
                        "properties": {
                            "meta": {"type": "object", "nullable": True, "properties": {"tags": {"type": "array", "items": {"type": "object", "properties": {"label": {"type": "string", "maxLength": 9}}}}}},
                            "kind": {"$ref": "#/components/schemas/Kind"},
                            "scores": {"type": "object", "additionalProperties": {"type": "object", "properties": {"value": {"type": "number", "default": 0.5}}}},
                            "shape": {"oneOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"side": {"type": "integer", "minimum": 1}}}]},
                        },
                    },
                ]
            },
        }
    }
}


def api_of(tmp_path: Path, operations: dict[str, Any] | None = None) -> Any:
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": operations or {}, **SPEC}
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return build(load(path))


def test_every_depth_with_paths_flags_and_constraints(tmp_path: Path) -> None:
    root = component_trees(api_of(tmp_path))["Thing"]
    by_path = {f.path: f for f in root.walk()}
    assert {"meta", "meta.tags", "meta.tags[].label", "kind", "scores", "scores.{key}", "scores.{key}.value", "shape", "shape.side"} <= set(by_path)
    assert by_path["meta"].required and by_path["meta"].nullable and by_path["meta"].type == "object"
    assert by_path["meta.tags"].type == "array of object"
    assert by_path["meta.tags[].label"].constraints == (("maxLength", "9"),)
    assert by_path["scores"].type == "map of object" and by_path["scores.{key}.value"].default == "0.5"
    assert by_path["shape.side"].constraints == (("minimum", "1"),)
    # a reference is a link, not a copy, on the schema's own section (an enum's values are shown with it)
    assert by_path["kind"].ref == "Kind" and len(by_path["kind"].enum) == 30 and not by_path["kind"].fields
    assert root.combinator == "allOf" and [v.ref for v in root.variants] == ["Base"] and not root.variants[0].fields
    assert by_path["shape"].combinator == "oneOf" and [v.label for v in by_path["shape"].variants] == ["Base", "object"]
    assert by_path["meta"].pointer == "/components/schemas/Thing/allOf/1/properties/meta"


def test_operation_trees_follow_the_bodys_own_reference_one_level(tmp_path: Path) -> None:
    api = api_of(tmp_path, {"/t": {"post": {"operationId": "postT", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                                            "responses": {"204": {"description": "done"}}}}})
    op = api.operations[0]
    root = body_tree(api, op.body.type, op.pointer + "/requestBody")
    assert root.expanded and root.ref == "Thing"
    base = root.variants[0]
    assert base.ref == "Base" and [f.name for f in base.fields] == ["id"]  # one level through the allOf reference
    assert base.fields[0].read_only and base.fields[0].required
    assert not next(f for f in root.walk() if f.name == "kind").fields  # deeper references stay links


def test_rest_prose() -> None:
    assert rest_prose(".. minversion:: v2.23 DEPRECATED: use X")[0] == "Version note: available since v2.23. Deprecated: use X"
    assert rest_prose("Intro. .. note::\n\nThe note.")[0] == "Intro.\n\nNote: The note."
    assert rest_prose("see :ref:`rules <time_format>` and :ref:rules<x>")[0] == "see rules and rules"
    assert rest_prose("Use [GET /a/][get-a] instead.")[0] == "Use GET /a/ instead."
    assert rest_prose(".. weird:: x and :odd:`y`") == (".. weird:: x and :odd:`y`", ("directive `.. weird::`", "role `:odd:`"))
    assert rest_prose("12:30:00, a::b, https://x.y/a:b")[1] == ()


def test_routes_in_prose_link_to_their_operation() -> None:
    from generator.filters import html_prose, md_prose

    routes = {"GET /a/{id}": "resources/a.html#getA"}
    assert str(html_prose("Use GET /a/{id}/ or `GET /a/{id}` or `see GET /a/{id} too`.", routes, "../")) == (
        '<p>Use <a href="../resources/a.html#getA"><code>GET /a/{id}/</code></a> or <a href="../resources/a.html#getA"><code>GET /a/{id}</code></a>'
        " or <code>see GET /a/{id} too</code>.</p>"
    )
    assert md_prose("Use GET /a/{id}/ or POST /a/{id}, `GET /a/{id}` or `see GET /a/{id} too`.", {k: v.replace(".html", ".md") for k, v in routes.items()}, "../") == (
        "Use [`GET /a/{id}/`](../resources/a.md#getA) or POST /a/{id}, [`GET /a/{id}`](../resources/a.md#getA) or `see GET /a/{id} too`."
    )


def test_unknown_rest_markup_is_a_located_warning(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "description": "Hi. .. seealso:: x .. frobnicate:: y", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "string", "description": "see :weird:`z`"}}}}}}}}}},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pages = render_docs(path)
    found = sorted({str(w.message.problem.location) + " " + w.message.problem.message.split(" in ")[0] for w in caught if isinstance(w.message, SpecWarning)})
    assert found == [
        "spec.yaml#/paths/~1a/get/description unknown reST markup directive `.. frobnicate::`",
        "spec.yaml#/paths/~1a/get/responses/200/content/application~1json/schema/properties/n/description unknown reST markup role `:weird:`",
    ], found
    assert ".. frobnicate:: y" in pages["site/resources/default.html"]  # shown as written, not dropped


def test_response_samples_prefer_the_specs_own_examples(tmp_path: Path) -> None:
    def response(content: dict[str, Any]) -> dict[str, Any]:
        return {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}, **content}}}

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {
            "200": response({"example": {"n": 7}}),
            "201": response({"examples": {"one": {"value": {"n": 8}}, "two": {"value": {"n": 9}}}}),
            "202": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/N"}}}},
        }}}},
        "components": {"schemas": {"N": {"type": "object", "properties": {"n": {"type": "integer"}, "modelId": {"type": "string"}}}}},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    page = render_docs(path)["resources/default.md"]
    samples = [json.loads(body) for body in fenced_blocks(page, "json")]
    assert samples[:2] == [{"n": 7}, {"n": 8}]
    assert samples[2]["n"] == 0 and len(samples[2]["modelId"]) == 24  # built from the schema node


def test_prose_warnings_are_printed_once_whether_the_reference_renders_here_or_in_children(tmp_path: Path) -> None:
    """A cold run renders the reference in this process; a run whose models come from the
    cache renders it in two children (Markdown, site). Either way the CLI prints each prose
    warning once, with its location."""
    import subprocess
    import sys

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "description": "Hi. .. frobnicate:: y", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "string"}}}}}}}}}},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f'[tool.generator]\ncache_dir = "{tmp_path / "cache"}"\n', encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    runs = []
    for _ in range(2):  # cold, then with the models cached
        done = subprocess.run([sys.executable, "-m", "generator", "generate", "--spec", str(path), "--out", str(tmp_path / "out"),
                               "--project-root", str(tmp_path)], cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        runs.append([line for line in done.stderr.splitlines() if "frobnicate" in line])
    assert runs[0] == runs[1] and len(runs[0]) == 1 and "spec.yaml" in runs[0][0] and "/paths/~1a/get/description" in runs[0][0], runs
