"""Fatal problems and conformance problems (issue 13, points 1 and 2).

A conformance problem (a flaw the generator works around by leaving one construct out)
is a located warning and the client is still generated; `--strict` or `strict = true`
makes it an error. A fatal problem is an error either way. Every message names the file,
the line and the JSON pointer of the construct it is about.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from .realworld_support import generate, package_of
from .support import import_all, minimal_spec, types_source

THING = "/components/schemas/Thing"


def with_thing(**props: object) -> dict[str, object]:
    spec = minimal_spec()
    spec["components"]["schemas"]["Thing"]["properties"].update(props)  # type: ignore[index]
    return spec


def located(line: str, file: Path, pointer: str) -> bool:
    """Whether a message starts with `file:<line>#<pointer>: `."""
    return bool(re.match(rf"^{re.escape(str(file))}:\d+#{re.escape(pointer)}: ", line))


def test_uncompilable_pattern_is_a_located_warning_and_not_enforced(tmp_path: Path) -> None:
    spec = with_thing(code={"type": "string", "pattern": r"^\P{C}+$"})
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    assert len(result.warnings) == 1, result.stderr
    assert located(result.warnings[0], result.spec, f"{THING}/properties/code/pattern")
    assert "is not enforced" in result.warnings[0] and "\n    hint: " in result.stderr
    client_dir, package = package_of(result)
    assert r"\P{C}" not in types_source(client_dir / package)
    import_all(client_dir, package)


def test_strict_flag_turns_the_warning_into_an_error_and_writes_nothing(tmp_path: Path) -> None:
    spec = with_thing(code={"type": "string", "pattern": r"\p{L}"})
    result = generate(tmp_path, spec, "--strict")
    assert result.code == 1
    assert len(result.errors) == 1 and located(result.errors[0], result.spec, f"{THING}/properties/code/pattern")
    assert "strict mode" in result.stderr and not result.warnings
    assert not result.out.exists()


def test_strict_setting_in_pyproject(tmp_path: Path) -> None:
    spec = with_thing(code={"type": "string", "pattern": r"\p{L}"})
    assert generate(tmp_path, spec, pyproject="[tool.generator]\nstrict = true\n", name="a").code == 1
    assert generate(tmp_path, spec, pyproject="[tool.generator]\nstrict = false\n", name="b").code == 0
    bad = generate(tmp_path, spec, pyproject='[tool.generator]\nstrict = "yes"\n', name="c")
    assert bad.code == 1 and "/tool/generator/strict: must be true or false" in bad.stderr


@pytest.mark.parametrize(
    ("prop", "reason"),
    [
        ({"type": "array", "items": {"type": "string"}, "default": "true"}, "'true' is not of type 'array'"),
        ({"type": "string", "enum": ["name", "date"], "default": "created_date"}, "'created_date' is not one of ['name', 'date']"),
        ({"type": "integer", "default": None}, "None for not nullable"),
        ({"type": "string", "enum": ["6", "12"], "default": 6}, "6 is not of type 'string'"),
        ({"enum": ["6", "12"], "default": 6}, "6 is not one of ['6', '12']"),
    ],
    ids=["type", "enum", "null", "enum-type", "enum-value"],
)
def test_default_its_schema_rejects_is_left_out(tmp_path: Path, prop: dict[str, object], reason: str) -> None:
    result = generate(tmp_path, with_thing(flag=prop))
    assert result.code == 0, result.stderr
    assert len(result.warnings) == 1 and located(result.warnings[0], result.spec, f"{THING}/properties/flag/default"), result.stderr
    assert reason in result.warnings[0] and "left out" in result.warnings[0]


def test_default_of_a_parameter_is_located_in_the_operation(tmp_path: Path) -> None:
    spec = minimal_spec()
    op = spec["paths"]["/things/{thingId}"]["get"]
    op["parameters"].append({"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["a", "b"], "default": "c"}})
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    assert [w.split(": ", 1)[0].split("#", 1)[1] for w in result.warnings] == ["/paths/~1things~1{thingId}/get/parameters/1/schema/default"]


def test_required_property_declared_nowhere_in_an_allof_is_ignored(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Named"] = {
        "allOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "object", "properties": {"name": {"type": "string"}}}],
        "required": ["name", "ghost"],
    }
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    assert len(result.warnings) == 1 and located(result.warnings[0], result.spec, "/components/schemas/Named/required")
    assert "'ghost'" in result.warnings[0]


def test_discriminator_a_member_lacks_is_dropped(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"].update(
        A={"type": "object", "properties": {"kind": {"type": "string"}}},
        B={"type": "object", "properties": {"name": {"type": "string"}}},
        AB={"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}], "discriminator": {"propertyName": "kind"}},
    )
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    assert len(result.warnings) == 1 and located(result.warnings[0], result.spec, "/components/schemas/AB/discriminator")
    assert "'kind' is not declared by #/components/schemas/B" in result.warnings[0]
    import_all(*package_of(result))
    strict = generate(tmp_path, spec, "--strict", name="strict")
    assert strict.code == 1 and "'kind' is not declared by #/components/schemas/B" in strict.stderr


def test_a_wrong_type_is_reported_once_at_its_own_line(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Thing:
              type: object
              properties:
                kind:
                  type: str
        """
    )
    result = generate(tmp_path, text, yaml_text=True)
    assert result.code == 1
    assert result.errors == [f"{result.spec}:10#{THING}/properties/kind/type: 'str' is not one of "
                             "['array', 'boolean', 'integer', 'number', 'object', 'string']"] or (
        len(result.errors) == 1 and result.errors[0].startswith(f"{result.spec}:10#{THING}/properties/kind/type: 'str' is not one of")
    ), result.stderr


def test_nested_schema_errors_are_located_absolutely(tmp_path: Path) -> None:
    """The validator checks each schema against the meta-schema with paths relative to
    that schema; the message must carry the whole pointer, not `#/properties/...`."""
    spec = with_thing(code={"type": "string", "minLength": -1})
    result = generate(tmp_path, spec)
    assert result.code == 1
    assert len(result.errors) == 1 and located(result.errors[0], result.spec, f"{THING}/properties/code/minLength"), result.stderr


def test_errors_inside_a_referenced_schema_are_located_where_it_is_defined(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Inner"] = {"type": "object", "properties": {"n": {"type": "integer", "maximum": "ten"}}}
    spec["components"]["schemas"]["Thing"]["properties"]["inner"] = {"$ref": "#/components/schemas/Inner"}
    result = generate(tmp_path, spec)
    assert result.code == 1
    assert len(result.errors) == 1 and located(result.errors[0], result.spec, "/components/schemas/Inner/properties/n/maximum"), result.stderr


def test_undeclared_path_parameter_becomes_a_string_argument(tmp_path: Path) -> None:
    """ClickSend writes `POST /uploads?convert={convert}` and declares no parameter."""
    spec = minimal_spec()
    spec["paths"]["/uploads?convert={convert}"] = {"post": {"operationId": "upload", "tags": ["Things"], "responses": {"204": {"description": "ok"}}}}
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    assert len(result.warnings) == 1 and located(result.warnings[0], result.spec, "/paths/~1uploads?convert={convert}/post")
    assert "{convert}" in result.warnings[0]
    client_dir, package = package_of(result)
    assert "def upload(\n        self,\n        convert: str," in (client_dir / package / "resources" / "things.py").read_text(encoding="utf-8")
    assert generate(tmp_path, spec, "--strict", name="strict").code == 1


def test_path_parameter_missing_from_the_path_is_left_out(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["paths"]["/things/{thingId}"]["get"]["parameters"].append({"name": "ghost", "in": "path", "required": True, "schema": {"type": "string"}})
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    assert len(result.warnings) == 1 and located(result.warnings[0], result.spec, "/paths/~1things~1{thingId}/get/parameters")
    client_dir, package = package_of(result)
    assert "ghost" not in (client_dir / package / "resources" / "things.py").read_text(encoding="utf-8")


def test_a_reference_to_nothing_stays_fatal(tmp_path: Path) -> None:
    spec = with_thing(other={"$ref": "#/components/schemas/Nowhere"})
    result = generate(tmp_path, spec)
    assert result.code == 1 and located(result.errors[0], result.spec, f"{THING}/properties/other/$ref")
    assert not result.out.exists()


def test_every_message_has_a_line_and_a_pointer(tmp_path: Path) -> None:
    spec = with_thing(
        a={"type": "string", "pattern": r"\p{L}"},
        b={"type": "array", "items": {"type": "string"}, "default": "x"},
    )
    result = generate(tmp_path, spec)
    assert result.code == 0 and len(result.warnings) == 2
    assert all(re.match(rf"^{re.escape(str(result.spec))}:\d+#/\S+: ", w) for w in result.warnings), result.warnings


def test_warnings_are_the_same_when_the_validation_is_cached(tmp_path: Path) -> None:
    spec = with_thing(code={"type": "string", "pattern": r"\p{L}"}, n={"type": "integer", "default": "x"})
    pyproject = f'[tool.generator]\ncache_dir = "{tmp_path / "cache"}"\n'
    runs = []
    for attempt in range(2):
        result = generate(tmp_path, spec, pyproject=pyproject, name=f"run{attempt}", cache=True)
        assert result.code == 0, result.stderr
        runs.append([w.replace(str(result.spec), "") for w in result.warnings])
    assert runs[0] == runs[1] and len(runs[0]) == 2
    assert any(p.name.startswith("valid") or "valid" in str(p) for p in (tmp_path / "cache").rglob("*"))


def test_validation_does_not_import_the_ir() -> None:
    """validate.py once imported a helper from ir/build.py, which imported it back."""
    import ast

    root = Path(__file__).resolve().parents[2] / "generator"
    for name in ("validate.py", "references.py", "conformance.py", "spec_validator.py", "approximate.py", "pointer.py", "media.py", "load.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {m for m in imported if m.startswith(("ir", ".ir", "generator.ir"))}, (name, imported)
    # one pointer module: nobody else in the generator escapes or unescapes tokens
    for path in sorted(root.rglob("*.py")):
        if path.name != "pointer.py":
            text = path.read_text(encoding="utf-8")
            assert '"~1"' not in text and '"~0"' not in text, path.relative_to(root)
