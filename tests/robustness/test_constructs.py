"""Hard OpenAPI constructs, one focused test each.

Most tests build the IR from a small inline fragment and assert on IR nodes. Behaviour
only the generated code can show (unions parse to the right class, open enums keep
unknown values, aliases round-trip) is checked on a client generated once from
tests/data/constructs.yaml, which is also type-checked and run against Prism (Prism
validates every request against the spec: headers, cookies, form, multipart, binary).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.errors import SpecWarning
from generator.ir import build
from generator.ir.nodes import Api, Operation
from generator.load import Document, load

from .support import (
    PYTHON,
    REPO,
    Prism,
    compile_all,
    import_all,
    minimal_spec,
    mypy_errors,
    run_cli,
    write_spec,
)

CONSTRUCTS = REPO / "tests" / "data" / "constructs.yaml"
SPEC_PATH = Path("fragment.yaml")


def ir(spec: dict[str, Any]) -> Api:
    """The IR of an inline spec fragment (warnings ignored; tests that want them ask)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(Document(SPEC_PATH, spec))


def op(api: Api, operation_id: str) -> Operation:
    return next(o for o in api.operations if o.operation_id == operation_id)


def with_schemas(**schemas: Any) -> dict[str, Any]:
    spec = minimal_spec()
    spec["components"]["schemas"].update(schemas)
    return spec


def with_operation(path: str, method: str, operation: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    spec = with_schemas(**schemas)
    operation.setdefault("responses", {"204": {"description": "done"}})
    spec["paths"].setdefault(path, {})[method] = operation
    return spec


@pytest.fixture(scope="module")
def constructs_api() -> Api:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(load(CONSTRUCTS))


# -- IR: schemas --------------------------------------------------------------------------------
def test_allof_is_an_object_that_extends_its_bases() -> None:
    api = ir(with_schemas(
        Pet={"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        Dog={"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["bark"], "properties": {"bark": {"type": "boolean"}}}]},
    ))
    dog = next(s for s in api.schemas if s.name == "Dog")
    assert (dog.kind, dog.variants, dog.type_label) == ("object", ("Pet",), "object")
    assert [(p.name, p.required) for p in dog.properties] == [("bark", True)]


def test_oneof_with_discriminator_and_anyof_are_unions() -> None:
    api = ir(with_schemas(
        A={"type": "object", "properties": {"kind": {"type": "string"}}},
        B={"type": "object", "properties": {"kind": {"type": "string"}}},
        AB={"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}], "discriminator": {"propertyName": "kind"}},
        AorB={"anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    ))
    kinds = {s.name: (s.kind, s.variants) for s in api.schemas}
    assert kinds["AB"] == ("union", ("A", "B"))
    assert kinds["AorB"] == ("union", ("A", "B"))


def test_nullable_properties() -> None:
    api = ir(with_schemas(
        Thing={"type": "object", "properties": {
            "a": {"type": "string", "nullable": True},
            "b": {"type": "string"},
            "c": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/Other"}]},
        }},
        Other={"type": "object"},
    ))
    thing = next(s for s in api.schemas if s.name == "Thing")
    assert {p.name: (p.nullable, p.ref) for p in thing.properties} == {"a": (True, None), "b": (False, None), "c": (True, "Other")}


def test_enum_values_are_kept_exactly() -> None:
    odd = ["in-progress", "1st", "with space", "class", "None", "", "Ünïcödé", "a.b", "UPPER", "upper"]
    api = ir(with_schemas(Status={"type": "string", "enum": odd}, Level={"type": "integer", "enum": [-1, 0, 1]}))
    schemas = {s.name: s for s in api.schemas}
    assert (schemas["Status"].kind, schemas["Status"].enum) == ("enum", tuple(odd))
    assert (schemas["Level"].kind, schemas["Level"].enum) == ("enum", ("-1", "0", "1"))


def test_enum_parameter_becomes_a_literal_of_its_values() -> None:
    api = ir(with_operation("/x", "get", {"operationId": "x", "parameters": [
        {"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["a b", "", "it's"]}},
        {"name": "level", "in": "query", "schema": {"type": "integer", "enum": [1, 2]}},
    ]}))
    params = {p.name: p.annotation for p in op(api, "x").parameters}
    assert params == {"mode": "Literal['a b', '', \"it's\"]", "level": "Literal[1, 2]"}


def test_float_and_mixed_enums_are_reported() -> None:
    spec = with_schemas(Ratio={"type": "number", "enum": [0.5, 1.5]}, Mixed={"enum": [1, "a"]})
    with pytest.warns(SpecWarning) as record:
        build(Document(SPEC_PATH, spec))
    where = sorted(w.message.problem.location.pointer for w in record if isinstance(w.message, SpecWarning))  # type: ignore[union-attr]
    assert where == ["/components/schemas/Mixed/enum", "/components/schemas/Ratio/enum"]


def test_recursive_and_mutually_recursive_schemas() -> None:
    api = ir(with_schemas(
        Node={"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
        Ping={"type": "object", "properties": {"pong": {"$ref": "#/components/schemas/Pong"}}},
        Pong={"type": "object", "properties": {"ping": {"$ref": "#/components/schemas/Ping"}}},
    ))
    refs = {s.name: [p.ref for p in s.properties] for s in api.schemas}
    assert refs["Node"] == ["Node"] and refs["Ping"] == ["Pong"] and refs["Pong"] == ["Ping"]
    assert {"Node", "Ping", "Pong"} <= set(api.model_names)


def test_component_names_colliding_after_pascal_case_get_distinct_classes() -> None:
    api = ir(with_schemas(**{n: {"type": "object"} for n in ("foo_bar", "FooBar", "foo-bar", "Foo_Bar", "BaseModel", "Field", "Client", "None")}))
    names = {s.name: s.class_name for s in api.schemas}
    assert names["foo_bar"] == "FooBar" and names["FooBar"] == "FooBar2" and names["foo-bar"] == "FooBar3" and names["Foo_Bar"] == "FooBar4"
    assert (names["BaseModel"], names["Field"], names["Client"], names["None"]) == ("BaseModelModel", "FieldModel", "ClientModel", "NoneModel")
    assert len(set(names.values())) == len(names)


def test_property_names_that_are_keywords_or_collide_get_safe_python_names() -> None:
    api = ir(with_schemas(Thing={"type": "object", "properties": {n: {"type": "string"} for n in ("class", "from", "fooBar", "foo_bar", "FooBar", "2fa", "")}}))
    thing = next(s for s in api.schemas if s.name == "Thing")
    names = [p.py_name for p in thing.properties]
    assert names[:2] == ["class_", "from_"]
    assert len(set(names)) == len(names) and all(n.isidentifier() for n in names)


# -- IR: operations ----------------------------------------------------------------------------
def test_inline_objects_are_named_after_the_operation(constructs_api: Api) -> None:
    post = op(constructs_api, "postInline")
    assert (post.body.model if post.body else None, post.result.annotation) == ("PostInlineRequest", "PostInlineResponse")
    batch = op(constructs_api, "putInlineBatch")
    assert batch.body is not None and batch.body.annotation == "list[PutInlineBatchRequestItem]"
    assert batch.result.annotation == "list[PutInlineBatchResponseItem]"
    assert batch.models_used == ("PutInlineBatchRequestItem", "PutInlineBatchResponseItem")


def test_inline_names_do_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Names and the model document are the same under different PYTHONHASHSEEDs."""
    script = (
        "import json, sys, warnings; warnings.simplefilter('ignore')\n"
        "from pathlib import Path\nfrom generator.load import load\nfrom generator.ir import build\n"
        f"api = build(load(Path({str(CONSTRUCTS)!r})))\n"
        "print(json.dumps([api.model_document, [(o.operation_id, o.method_name, o.result.annotation) for o in api.operations]]))\n"
    )
    outputs = set()
    for seed in ("1", "2", "12345"):
        proc = subprocess.run([PYTHON, "-c", script], cwd=REPO, capture_output=True, check=False, text=True, timeout=120,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_reserved_words_and_colliding_names_in_operations(constructs_api: Api) -> None:
    first, second = op(constructs_api, "class"), op(constructs_api, "Class")
    assert (first.method_name, second.method_name) == ("class_", "class_2")
    assert [(p.name, p.py_name, p.location) for p in first.parameters] == [
        ("class", "class_", "path"), ("self", "self_", "query"), ("timeout", "timeout_2", "query"), ("body", "body_2", "query"),
        ("user-id", "user_id", "query"), ("user_id", "user_id_2", "query"), ("userId", "user_id_3", "header"),
    ]


def test_missing_operation_ids_are_derived_and_unique() -> None:
    spec = minimal_spec()
    del spec["paths"]["/things/{thingId}"]["get"]["operationId"]
    spec["paths"]["/things/{thingId}"]["delete"] = {"responses": {"204": {"description": "gone"}}}
    spec["paths"]["/things_/{thingId}"] = {"get": {"responses": {"204": {"description": "same words"}}}}
    api = ir(spec)
    ids = [o.operation_id for o in api.operations]
    assert ids == ["get_things_thing_id", "delete_things_thing_id", "get_things_thing_id_2"]
    assert len({o.method_name for o in api.operations}) == 3


def test_duplicated_operation_ids_are_an_error(tmp_path: Path) -> None:
    from generator.errors import SpecValidationError
    from generator.validate import validate

    spec = minimal_spec()
    spec["paths"]["/other"] = {"get": {"operationId": "getThing", "responses": {"204": {"description": "x"}}}}
    with pytest.raises(SpecValidationError) as info:
        validate(Document(SPEC_PATH, spec))
    assert [p.location.pointer for p in info.value.problems] == ["/paths/~1other/get/operationId"]


def test_path_level_parameters_are_shared_and_overridden(constructs_api: Api) -> None:
    get = op(constructs_api, "get_shapes_shape_id")
    delete = op(constructs_api, "delete_shapes_shape_id")
    assert [(p.name, p.required, p.description) for p in get.parameters] == [
        ("shapeId", True, "Shared by every operation on this path."),
        ("verbose", True, "Overrides the path-level parameter of the same name."),
    ]
    assert [(p.name, p.required) for p in delete.parameters] == [("shapeId", True), ("verbose", False)]


def test_form_multipart_and_binary_bodies(constructs_api: Api) -> None:
    form, multipart, raw = (op(constructs_api, i).body for i in ("submitForm", "uploadFile", "putRaw"))
    assert form is not None and multipart is not None and raw is not None
    assert (form.encoding, form.media_type, [f.name for f in form.fields]) == ("form", "application/x-www-form-urlencoded", ["name", "count"])
    assert (multipart.encoding, [(f.name, f.is_file) for f in multipart.fields]) == ("multipart", [("file", True), ("note", False)])
    assert (raw.encoding, raw.annotation, raw.model) == ("binary", "bytes | IO[bytes]", None)


def test_binary_responses_stream_to_a_destination(constructs_api: Api) -> None:
    result = op(constructs_api, "downloadFile").result
    assert (result.kind, result.annotation) == ("binary", "int")


def test_several_content_types_prefer_json(constructs_api: Api) -> None:
    report = op(constructs_api, "getReport")
    assert (report.result.kind, report.result.annotation) == ("model", "Receipt")
    body = op(constructs_api, "postReport").body
    assert body is not None and body.media_type == "application/json"


def test_other_request_media_types_are_reported() -> None:
    spec = with_operation("/r", "post", {"operationId": "r", "requestBody": {"content": {
        "application/xml": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "string"}}}}})
    with pytest.warns(SpecWarning, match="sends application/json only") as record:
        build(Document(SPEC_PATH, spec))
    assert any(w.message.problem.location.pointer == "/paths/~1r/post/requestBody/content" for w in record if isinstance(w.message, SpecWarning))  # type: ignore[union-attr]


def test_header_and_cookie_parameters(constructs_api: Api) -> None:
    params = {p.name: (p.location, p.required, p.py_name) for p in op(constructs_api, "listShapes").parameters}
    assert params["X-Request-Id"] == ("header", True, "x_request_id")
    assert params["session"] == ("cookie", True, "session")


def test_unsupported_parameter_styles_and_security_are_reported() -> None:
    spec = with_operation("/s", "get", {"operationId": "s", "security": [{"basic": []}], "parameters": [
        {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
        {"name": "ids", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "q", "in": "query", "content": {"application/json": {"schema": {"type": "object"}}}},
    ]})
    spec["components"]["securitySchemes"] = {"basic": {"type": "http", "scheme": "basic"}}
    with pytest.warns(SpecWarning) as record:
        build(Document(SPEC_PATH, spec))
    found = {w.message.problem.location.pointer: w.message.problem.message for w in record if isinstance(w.message, SpecWarning)}  # type: ignore[union-attr]
    assert set(found) == {"/paths/~1s/get/parameters/0", "/paths/~1s/get/parameters/1", "/paths/~1s/get/parameters/2", "/paths/~1s/get/security"}
    assert "deepObject" in found["/paths/~1s/get/parameters/0"] and "explode: false" in found["/paths/~1s/get/parameters/1"]
    assert "`content`" in found["/paths/~1s/get/parameters/2"] and "basic" in found["/paths/~1s/get/security"]


def test_cli_prints_each_approximation_once_with_its_location(tmp_path: Path) -> None:
    spec = with_operation("/s", "get", {"operationId": "s", "parameters": [
        {"$ref": "#/components/parameters/Ids"}]})
    spec["paths"]["/t"] = {"get": {"operationId": "t", "parameters": [{"$ref": "#/components/parameters/Ids"}],
                                   "responses": {"204": {"description": "ok"}}}}
    spec["components"]["parameters"] = {"Ids": {"name": "ids", "in": "query", "explode": False,
                                                "schema": {"type": "array", "items": {"type": "string"}}}}
    path = write_spec(tmp_path, spec)
    run = run_cli("generate", "--spec", path, "--out", tmp_path / "out", "--package-name", "w_client", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    warnings_printed = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
    expected = (f"warning: {path}#/components/parameters/Ids: query parameter 'ids' has explode: false; "
                "the client repeats it (name=a&name=b) instead of joining (name=a,b)")
    assert warnings_printed == [expected]
    quiet = run_cli("generate", "--spec", path, "--out", tmp_path / "out2", "--package-name", "w_client", "-q", cwd=tmp_path)
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_a_clean_spec_warns_about_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", SpecWarning)
        build(load(REPO / "spec" / "openapi.yaml"))


def test_server_variables_take_their_defaults() -> None:
    spec = minimal_spec(servers=[{"url": "https://{region}.example.com/{version}", "variables": {
        "region": {"default": "eu"}, "version": {"default": "v2", "enum": ["v1", "v2"]}}}])
    assert ir(spec).servers == ("https://eu.example.com/v2",)


# -- the generated client -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, ModuleType, Prism]]:
    root = tmp_path_factory.mktemp("constructs")
    prism = Prism(CONSTRUCTS, root / "prism.log")
    try:
        run = run_cli("generate", "--spec", CONSTRUCTS, "--out", root / "out", "--package-name", "constructs_client", cwd=root)
        assert run.returncode == 0, run.stderr[-3000:]
        client_dir = root / "out" / "python"
        sys.path.insert(0, str(client_dir))
        try:
            yield client_dir, importlib.import_module("constructs_client.types"), prism
        finally:
            sys.path.remove(str(client_dir))
            for name in [n for n in sys.modules if n.split(".")[0] == "constructs_client"]:
                del sys.modules[name]
    finally:
        prism.stop()


def test_generated_client_compiles_imports_and_type_checks(client: tuple[Path, ModuleType, Prism], tmp_path: Path) -> None:
    client_dir = client[0]
    assert compile_all(client_dir) >= 8
    assert "constructs_client.resources.misc" in import_all(client_dir, "constructs_client")
    errors = mypy_errors(client_dir, "constructs_client", tmp_path / "mypy")
    assert errors == [], "\n".join(errors)


def test_discriminated_unions_parse_to_the_member(client: tuple[Path, ModuleType, Prism]) -> None:
    t = client[1]
    shape = t.Shape.model_validate({"kind": "square", "side": 2})
    assert type(shape.root) is t.Square and shape.root.side == 2
    # members inherit the tag from a base (Spotify's shape); the base's one-value enum is a Literal
    assert type(t.Playable.model_validate({"type": "Episode", "minutes": 3}).root) is t.Episode
    assert type(t.Playable.model_validate({"type": "Track"}).root) is t.Track
    with pytest.raises(ValueError):
        t.Shape.model_validate({"kind": "hexagon"})


def test_oneof_and_anyof_without_discriminator(client: tuple[Path, ModuleType, Prism]) -> None:
    t = client[1]
    assert t.IdOrName.model_validate("abc").root == "abc" and t.IdOrName.model_validate(7).root == 7
    assert type(t.Contact.model_validate({"phone": "1"}).root) is t.Phone


def test_allof_redeclared_property_is_both(client: tuple[Path, ModuleType, Prism]) -> None:
    t = client[1]
    error = t.ConflictErrorModel.model_validate({"code": "c", "context": {"message": "m", "conflicts": ["a"]}})
    assert isinstance(error, t.ErrorBase) and isinstance(error.context, t.ErrorBaseContext)  # a subclass: mypy-clean override
    assert (error.context.message, error.context.conflicts) == ("m", ["a"])


def test_enums_keep_odd_values_and_accept_unknown_ones(client: tuple[Path, ModuleType, Prism]) -> None:
    t = client[1]
    values = ["in-progress", "1st", "with space", "class", "None", "", "Ünïcödé", "a.b", "UPPER", "upper", "done"]
    assert [m.value for m in t.Status] == values
    assert t.Status("") == "" and t.Status("brand-new") == "brand-new"
    assert [m.value for m in t.Level] == [-1, 0, 1, 2] and t.Level(7) == 7 and isinstance(t.Level(0), int)
    everything = t.Everything.model_validate({"status": "", "level": 0, "maybeStatus": None})
    assert everything.priority == t.EverythingPriority.LOW  # an enum default is the member
    assert everything.to_dict() == {"status": "", "level": 0, "maybeStatus": None}
    assert t.Everything.model_validate({"status": "done", "level": 1, "ratio": 0.5}).ratio.root == 0.5


def test_maps_recursion_and_nullable_values(client: tuple[Path, ModuleType, Prism]) -> None:
    t = client[1]
    value = t.Everything.model_validate({
        "status": "done", "level": 1, "nickname": None, "maybeNode": None,
        "labels": {"a": "b"}, "nodesByName": {"root": {"name": "r", "children": [{"name": "c"}]}},
        "anything": {"x": [1, {"y": None}]}, "partlyKnown": {"known": "k", "extra": 3},
        "ping": {"pong": {"ping": {"pong": None}}},
    })
    assert value.labels == {"a": "b"} and value.nodes_by_name["root"].children[0].name == "c"
    assert value.partly_known.known == "k" and value.ping.pong.ping.pong is None
    assert value.nickname is None and value.maybe_node is None


def test_reserved_and_colliding_property_names_round_trip(client: tuple[Path, ModuleType, Prism]) -> None:
    t = client[1]
    wire = {"class": "a", "from": "b", "self": "c", "None": "d", "type": "e", "list": "f", "model_config": "g",
            "schema": "h", "fooBar": "i", "foo_bar": "j", "FooBar": "k", "foo-bar": "l", "2fa": "m", "": "n"}
    reserved = t.Reserved.model_validate(wire)
    assert reserved.to_dict() == wire
    assert (reserved.class_, reserved.foo_bar) == ("a", "j")
    # the key "foo_bar" fills only the property whose wire name it is
    only = t.Reserved.model_validate({"foo_bar": "x"}).to_dict()
    assert only == {"foo_bar": "x"}


CALLS = [
    ("client.shapes.list_shapes(x_request_id='r-1', session='s', kind='circle', limit=5)", "list"),
    ("client.shapes.create_shape(body={'kind': 'circle', 'radius': 1.5}).root", "Circle"),
    ("client.shapes.get_shapes_shape_id(7, verbose=True)", "Shape"),
    ("client.shapes.delete_shapes_shape_id(7)", "NoneType"),
    ("client.shapes.get_episode_or_track()", "Playable"),
    ("client.misc.get_tree()", "Node"),
    ("client.misc.post_inline(body={'name': 'n', 'options': {'dryRun': True}})", "PostInlineResponse"),
    ("client.misc.put_inline_batch(body=[types.PutInlineBatchRequestItem(id=1), types.PutInlineBatchRequestItem(id=2)])", "list"),
    ("client.misc.get_everything()", "Everything"),
    ("client.misc.class_('c', self_='s', timeout_2=3, body_2='b', user_id='u', user_id_2='u2', user_id_3='h')", "Reserved"),
    ("client.misc.class_2('c')", "NoneType"),
    ("client.files.submit_form(body={'name': 'n', 'count': 2})", "Receipt"),
    ("client.files.upload_file(body={'file': b'bytes', 'note': 'hi'})", "Receipt"),
    ("client.files.put_raw(body=b'raw bytes')", "NoneType"),
    ("client.files.download_file('f1', destination=io.BytesIO())", "int"),
    ("client.files.get_report()", "Receipt"),
    ("client.files.post_report(body={'id': 'r', 'size': 1})", "NoneType"),
    ("await aclient.shapes.list_shapes(x_request_id='r-2', session='s')", "list"),
]


def test_every_operation_against_prism(client: tuple[Path, ModuleType, Prism]) -> None:
    """Prism answers 4xx when a request breaks the spec (a missing required header or cookie,
    a wrong body media type, a bad form field), so every call passing is an end-to-end check."""
    client_dir, _, prism = client
    url = prism.wait()
    proc = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("smoke_client.py")), "constructs_client", url, json.dumps(CALLS)],
        cwd=client_dir, capture_output=True, check=False, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(client_dir), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    failures = [r for r in results if r["got"] != r["expected"]]
    assert not failures, "\n".join(f"{r['call']}\n    expected {r['expected']}, got {r['got']}" for r in failures)
