"""The public surface: designed class names, API.md, and the surface's fidelity to the code.

- every class the models module defines is one the IR designed, from one spec schema;
  a class name ending in a digit is only ever a designed one (never a model-generator counter);
- API.md reads back into the surface it was written from;
- the surface says what the generated code holds (fields, their types, enum members).
"""

from __future__ import annotations

import ast
import json
import warnings
from pathlib import Path

import pytest

from generator.config import load_config
from generator.ir import Api, build
from generator.load import load
from generator.models import render_models
from generator.surface import Surface, extract, parse

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
PACKAGE = "datarobot_models_client"
TYPES = ROOT / "generated" / "python" / PACKAGE / "types"  # one private module per class
API_MD = ROOT / "generated" / "python" / "API.md"
SPECS = {
    "ours": SPEC,
    "petstore": ROOT / "tests" / "data" / "specs" / "petstore.json",
    "constructs": ROOT / "tests" / "data" / "constructs.yaml",
    "minimal": ROOT / "tests" / "golden" / "minimal" / "spec.yaml",
}


def committed_types() -> str:
    """The committed models, every module of the types package in one text."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(TYPES.glob("_*.py")))


def api_of(path: Path) -> Api:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(load(path))


@pytest.fixture(scope="module", params=sorted(SPECS))
def generated(request: pytest.FixtureRequest) -> tuple[Api, str, Surface]:
    api = api_of(SPECS[request.param])
    code = committed_types() if request.param == "ours" else render_models(api, "pkg")
    return api, code, extract(api, "pkg", code)


def classes(code: str) -> dict[str, ast.ClassDef]:
    return {node.name: node for node in ast.parse(code).body if isinstance(node, ast.ClassDef)}


def test_every_class_is_designed_once_from_one_schema(generated: tuple[Api, str, Surface]) -> None:
    api, code, _ = generated
    designed = {t.class_name for t in api.types}
    defined = set(classes(code))
    assert defined == designed
    pointers = [t.pointer for t in api.types]
    assert len(pointers) == len(set(pointers)), "two classes from one spec schema"
    assert len(designed) == len(api.types), "one class name for two spec schemas"


def test_no_class_name_ends_in_a_number_the_ir_did_not_design(generated: tuple[Api, str, Surface]) -> None:
    api, code, _ = generated
    by_name = {t.class_name: t for t in api.types}
    for name in classes(code):
        if name[-1].isdigit():
            # a digit may only come from the spec itself: the component's name, a property's
            # name, or a oneOf member's position (OptionN)
            node = by_name[name]
            assert not node.inline or node.origin == "option" or any(ch.isdigit() for ch in node.pointer.rsplit("/", 1)[-1]), name


def test_our_types_have_no_numbered_or_duplicate_classes() -> None:
    code = committed_types()
    names = set(classes(code))
    assert not {n for n in names if n[-1].isdigit() and n not in {"AccessControlV2"}}
    api = api_of(SPEC)
    records = next(op for op in api.operations if op.operation_id == "listModelRecords")
    # the page item and the response's `data` items are the same schema: one class
    assert records.result.item == "ModelRecordsResponseDataItem"
    assert api.type_named("ModelRecordsResponseDataItem").parent == "ModelRecordsResponse"


def test_api_md_reads_back_into_the_surface() -> None:
    api = api_of(SPEC)
    surface = extract(api, PACKAGE, committed_types())
    assert parse(API_MD.read_text(encoding="utf-8"), PACKAGE) == surface


def test_api_md_round_trip_with_odd_names() -> None:
    """Backticks, spaces and quotes in wire names and enum values survive API.md."""
    api = api_of(SPECS["constructs"])
    surface = extract(api, "pkg", render_models(api, "pkg"))
    config = load_config(ROOT, {"spec": str(SPECS["constructs"]), "package_name": "pkg"})
    from generator.render import environment

    text = environment().get_template("client/API.md.jinja").render(api=api, config=config, surface=surface)
    assert parse(text, "pkg") == surface


def annotation_of(node: ast.AnnAssign) -> str:
    ann = node.annotation
    if isinstance(ann, ast.Subscript) and isinstance(ann.value, ast.Name) and ann.value.id == "Annotated":
        assert isinstance(ann.slice, ast.Tuple)
        ann = ann.slice.elts[0]
    return ast.unparse(ann).replace("'", '"').replace("date_aliased", "date")


def test_surface_matches_the_generated_code(generated: tuple[Api, str, Surface]) -> None:
    _, code, surface = generated
    defined = classes(code)
    for t in surface.types:
        node = defined[t.name]
        bases = tuple(b.id for b in node.bases if isinstance(b, ast.Name) and b.id not in ("BaseModel", "OpenEnum", "OpenIntEnum"))
        assert bases == t.bases, t.name
        fields = {s.target.id: annotation_of(s) for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
        for f in t.fields:
            assert f.name in fields, f"{t.name}.{f.name}"
            want = f.type.replace("'", '"')
            got = fields[f.name]
            assert got == want or (not f.required and got == f"{want} | None") or got.startswith("Literal["), f"{t.name}.{f.name}: {got} != {want}"
        if t.kind == "enum":
            members = [(s.targets[0].id, json.dumps(ast.literal_eval(s.value), ensure_ascii=False)) for s in node.body
                       if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)]
            assert [(m.name, m.value) for m in t.members] == members


def test_schema_tree_reaches_nested_inline_schemas() -> None:
    api = api_of(SPEC)
    node = api.type_named("ModelPackageRetrieveResponse")
    capabilities = next(f for f in node.fields if f.name == "capabilities")
    assert capabilities.type.kind == "ref" and capabilities.type.name == "ModelPackageRetrieveResponseCapabilities"
    child = api.type_named(capabilities.type.name)
    assert child.inline and child.parent == "ModelPackageRetrieveResponse" and child.origin == "property"
    assert child.pointer == "/components/schemas/ModelPackageRetrieveResponse/properties/capabilities"
    assert child.fields and all(f.pointer.startswith(child.pointer + "/properties/") for f in child.fields)


def test_spec_without_classes_generates_a_client_without_models(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Bare", "version": "1"},
        "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"200": {"description": "ok",
                  "content": {"application/json": {"schema": {"type": "string"}}}}}}}},
    }
    path = tmp_path / "bare.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = api_of(path)
    assert api.model_names == ()
    code = render_models(api, "pkg")
    compile(code, "types.py", "exec")
    assert classes(code) == {}
