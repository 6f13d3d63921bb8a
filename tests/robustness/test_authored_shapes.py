"""Shapes that published specs use and the model generator would turn into classes the IR
did not design (named by a counter): each is written as its author meant it (ir.schemas.normalise).
Found in the corpus: linode.com (a $ref into a component's property), dev.to (`items` on an
object), gerermesaffaires.com (an enum of strings on an array)."""

from __future__ import annotations

import copy
import importlib
import sys
from pathlib import Path
from typing import Any

from .realworld_support import generate, package_of
from .support import import_all, minimal_spec, types_source


def ok(tmp_path: Path, spec: dict[str, Any]) -> tuple[Path, str]:
    result = generate(tmp_path, spec, "--strict")
    assert result.code == 0, result.stderr
    client_dir, package = package_of(result)
    import_all(client_dir, package)
    return client_dir, package


def thing(**properties: Any) -> dict[str, Any]:
    spec = copy.deepcopy(minimal_spec())
    spec["components"]["schemas"]["Thing"]["properties"].update(properties)
    return spec


def classes(client_dir: Path, package: str) -> set[str]:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]  # every test generates a package of the same name
    sys.path.insert(0, str(client_dir))
    try:
        return set(importlib.import_module(f"{package}.types").__all__)
    finally:
        sys.path.remove(str(client_dir))


def test_a_ref_into_a_components_property_is_that_property(tmp_path: Path) -> None:
    spec = thing(image={"allOf": [{"$ref": "#/components/schemas/Disk/properties/image"}], "nullable": True})
    spec["components"]["schemas"]["Disk"] = {"type": "object", "properties": {"image": {"type": "string", "description": "An image id."}}}
    client_dir, package = ok(tmp_path, spec)
    assert classes(client_dir, package) == {"Disk", "Thing"}
    assert "image: str | None = None" in types_source(client_dir / package)


def test_items_beside_an_object_type_are_ignored(tmp_path: Path) -> None:
    spec = thing(owner={"type": "object", "items": {"$ref": "#/components/schemas/Thing"}})
    client_dir, package = ok(tmp_path, spec)
    assert classes(client_dir, package) == {"Thing"}


def test_an_enum_of_strings_on_an_array_constrains_its_items(tmp_path: Path) -> None:
    spec = thing(groups={"type": "array", "items": {"type": "string"}, "enum": ["tax", "legal"]})
    client_dir, package = ok(tmp_path, spec)
    assert classes(client_dir, package) == {"Thing", "ThingGroupsItem"}
    assert "list[ThingGroupsItem]" in types_source(client_dir / package)


def test_a_refs_sibling_keys_make_no_second_class_and_nullable_is_kept(tmp_path: Path) -> None:
    """twilio.com: `{$ref: .../task_enum_status, description: ...}` made a copy of the enum
    named after the property; OpenAPI 3.0 ignores a reference's siblings, but not `nullable`."""
    spec = thing(
        status={"$ref": "#/components/schemas/task_enum_status", "description": "The status."},
        previous={"$ref": "#/components/schemas/task_enum_status", "description": "Before.", "nullable": True},
    )
    spec["components"]["schemas"]["task_enum_status"] = {"type": "string", "enum": ["pending", "done"]}
    client_dir, package = ok(tmp_path, spec)
    assert classes(client_dir, package) == {"TaskEnumStatus", "Thing"}
    sys.path.insert(0, str(client_dir))
    try:
        thing_class = importlib.import_module(f"{package}.types").Thing
        assert thing_class.model_validate({"previous": None, "status": "done"}).status == "done"
    finally:
        sys.path.remove(str(client_dir))
