"""Unit tests of tests/spec/seed.py on small seed snippets, plus counts on the real seed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import (
    example_block,
    load_seed,
    normalize_text,
    parse_restrictions,
    parse_seed,
    parse_type,
    split_cells,
)

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = ROOT / "spec" / "source" / "models-reference.txt"

AUTH = "To perform this operation, you must be authenticated by means of one of the following methods:"


def snippet(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- cells and types


def test_split_cells_keeps_empty_cells_and_drops_the_closing_pipe():
    assert split_cells("a | b | c |") == ["a", "b", "c"]
    assert split_cells("a | b | Description. | |") == ["a", "b", "Description.", ""]
    assert split_cells("None |") == ["None"]


@pytest.mark.parametrize(
    "raw, kind, typ, fmt, nullable, ref, items",
    [
        ("string", "primitive", "string", None, False, None, None),
        (
            "string(date-time)¦null",
            "primitive",
            "string",
            "date-time",
            True,
            None,
            None,
        ),
        ("string(uri)¦null", "primitive", "string", "uri", True, None, None),
        ("integer¦null", "primitive", "integer", None, True, None, None),
        ("object", "object", "object", None, False, None, None),
        ("object¦null", "object", "object", None, True, None, None),
        ("any", "any", None, None, False, None, None),
        ("ModelLifecycle", "ref", None, None, False, "ModelLifecycle", None),
        ("Name¦null", "ref", None, None, True, "Name", None),
        ("[string]", "array", "array", None, False, None, "string"),
        ("[string]¦null", "array", "array", None, True, None, "string"),
        ("[integer]¦null", "array", "array", None, True, None, "integer"),
        (
            "[ClusterInfoList]",
            "array",
            "array",
            None,
            False,
            None,
            "$ref ClusterInfoList",
        ),
        ("array[string]", "array", "array", None, False, None, "string"),
    ],
)
def test_parse_type(raw, kind, typ, fmt, nullable, ref, items):
    t = parse_type(raw)
    assert (t.kind, t.type, t.format, t.nullable, t.ref) == (
        kind,
        typ,
        fmt,
        nullable,
        ref,
    )
    assert (t.items.describe() if t.items else None) == items


def test_parse_restrictions():
    assert parse_restrictions("") == {}
    assert parse_restrictions("none") == {}
    assert parse_restrictions("minimum: 0 (exclusive)") == {
        "minimum": 0,
        "exclusiveMinimum": True,
    }
    assert parse_restrictions("maximum: 100 (exclusive) minimum: 0 (exclusive)") == {
        "maximum": 100,
        "exclusiveMaximum": True,
        "minimum": 0,
        "exclusiveMinimum": True,
    }
    # the scrape doubles some keys
    assert parse_restrictions("maxLength: 50 minLength: 1 minLength: 1") == {
        "maxLength": 50,
        "minLength": 1,
    }
    assert parse_restrictions("maximum: 1 minimum: 0") == {"maximum": 1, "minimum": 0}
    assert parse_restrictions("maxItems: 4 minItems: 1") == {
        "maxItems": 4,
        "minItems": 1,
    }


def test_normalize_text_collapses_whitespace():
    assert normalize_text("a\nb  c\n\n d ") == "a b c d"
    assert normalize_text(None) == ""


# --------------------------------------------------------------------------- operations

OPERATION = snippet(
    "This page outlines the operations.",
    "GET /api/v2/things/{thingId}/items/¶",
    "List items of a thing. More text.",
    ".. minversion:: v2.23 DEPRECATED: please use version route instead: GET /api/v2/other/{id}/items/",
    "Second paragraph.",
    "Code samples¶",
    "# You can also use wget",
    "curl -X GET{thingId}/items/?offset=0&limit=10 \\",
    '-H "Accept: application/json" \\',
    '-H "Authorization: Bearer {access-token}"',
    "Name | In | Type | Required | Description |",
    "offset | query | integer | true | This many results will be skipped. |",
    "kinds | query | array[string] | false | Kinds to return. |",
    "flag | query | string | false | A flag. |",
    "since | query | string(date-time) | false | Created after. |",
    "modelKind | query | any | false | Any kind. |",
    "thingId | path | string | true | The thing ID. |",
    "Enumerated Values¶",
    "Parameter | Value |",
    "kinds | [a b , c , Two Words ] |",
    "flag | [false , False , true , True ] |",
    "Example responses¶",
    "200 Response",
    '"count": 0,',
    '"next": "",',
    "Status | Meaning | Description | Schema |",
    "200 | OK | none | ItemListResponse |",
    "404 | Not Found | The thing was not found, or the user cannot see it. The response will include the id. |",
    "None |",
    "422 | Unprocessable Entity | The response will include a json list in the same format as | |",
    "those from GET /api/v2/things/(thingId)/. | Inline |",
    "Response Headers¶",
    "Status | Header | Type | Format | Description |",
    "200 | Location | string | url | Where it is. |",
    '200 | Content-Disposition | string | attachment; filename="<"filename">".jar The suggested name | |',
    "200 | Content-Type | string | application/java-archive |",
    AUTH,
    "POST /api/v2/things/{thingId}/upload/¶",
    "(Deprecated in v2.32) Upload a file.",
    "Code samples¶",
    "curl -X POST{thingId}/upload/ \\",
    '-H "Content-Type: multipart/form-data" \\',
    '-H "Accept: application/json" \\',
    '-H "Authorization: Bearer {access-token}"',
    "Body parameter¶",
    "file: string",
    "name: string",
    "Name | In | Type | Required | Description |",
    "thingId | path | string | true | The thing ID. |",
    "body | body | UploadThing | false | none |",
    "Status | Meaning | Description | Schema |",
    "202 | Accepted | Accepted. | None |",
    AUTH,
)


def test_operation_header_text_and_deprecation():
    seed = parse_seed(OPERATION)
    assert [op.key for op in seed.operations] == [
        "GET /api/v2/things/{thingId}/items/",
        "POST /api/v2/things/{thingId}/upload/",
    ]
    get, post = seed.operations
    assert get.line == 2 and get.text_start_line == 3
    assert get.text_lines[0] == "List items of a thing. More text."
    assert len(get.text_lines) == 3
    assert get.summary == "List items of a thing"
    assert get.deprecated and get.replaced_by == "GET /api/v2/other/{id}/items/"
    assert post.deprecated and post.replaced_by is None
    assert get.curl_query == "offset=0&limit=10"
    assert get.accept == "application/json"


def test_parameters_types_and_enums():
    get = parse_seed(OPERATION).operations[0]
    by_name = {p.name: p for p in get.parameters}
    assert list(by_name) == ["offset", "kinds", "flag", "since", "modelKind", "thingId"]
    assert (
        by_name["offset"].required
        and by_name["offset"].type.type == "integer"
        and by_name["offset"].line == 12
    )
    assert (
        by_name["kinds"].type.kind == "array"
        and by_name["kinds"].type.items.type == "string"
    )
    assert by_name["kinds"].enum == ["a b", "c", "Two Words"]
    assert by_name["kinds"].enum_line == 20
    assert by_name["flag"].enum == ["false", "False", "true", "True"]
    assert by_name["since"].type.format == "date-time"
    assert by_name["modelKind"].type.kind == "any"
    assert by_name["thingId"].location == "path"
    assert get.request_body is None


def test_responses_with_wrapped_rows():
    get = parse_seed(OPERATION).operations[0]
    assert [(r.status, r.schema, r.line) for r in get.responses] == [
        ("200", "ItemListResponse", 27),
        ("404", "None", 28),
        ("422", "Inline", 30),
    ]
    ok, not_found, unprocessable = get.responses
    assert ok.description == "none" and ok.effective_description == "OK"
    assert not_found.description.endswith("The response will include the id.")
    assert normalize_text(unprocessable.description) == (
        "The response will include a json list in the same format as those from GET /api/v2/things/(thingId)/."
    )


def test_response_headers_with_and_without_format():
    get = parse_seed(OPERATION).operations[0]
    hs = [
        (h.status, h.name, h.type, h.format, h.description)
        for h in get.response_headers
    ]
    assert hs == [
        ("200", "Location", "string", "url", "Where it is."),
        (
            "200",
            "Content-Disposition",
            "string",
            None,
            'attachment; filename="<"filename">".jar The suggested name',
        ),
        ("200", "Content-Type", "string", None, "application/java-archive"),
    ]


def test_request_body_from_body_row_and_curl_content_type():
    post = parse_seed(OPERATION).operations[1]
    body = post.request_body
    assert body is not None
    assert (
        body.schema,
        body.required,
        body.description,
        body.media_type,
        body.line,
    ) == (
        "UploadThing",
        False,
        "none",
        "multipart/form-data",
        50,
    )
    assert body.example_lines == ["file: string", "name: string"]
    assert [p.name for p in post.parameters] == [
        "thingId"
    ]  # the body row is not a parameter


def test_minversion_deprecated_with_use_line():
    text = snippet(
        "GET /api/v2/projects/{projectId}/models/¶",
        "Lists all the models from a project.",
        ".. minversion:: v2.34 .. deprecated:: v2.34",
        "Use [GET /api/v2/projects/{projectId}/modelRecords/][get-apiv2projectsprojectidmodelrecords] instead.",
        "Code samples¶",
        "Status | Meaning | Description | Schema |",
        "200 | OK | The models | None |",
        AUTH,
    )
    op = parse_seed(text).operations[0]
    assert op.deprecated
    assert op.replaced_by == "GET /api/v2/projects/{projectId}/modelRecords/"


def test_prose_deprecation_is_detected_but_response_text_is_not():
    text = snippet(
        "GET /api/v2/a/¶",
        "Check something. Deprecated in v2.35.",
        "Code samples¶",
        AUTH,
        "GET /api/v2/b/¶",
        "Check something else.",
        "Code samples¶",
        "Status | Meaning | Description | Schema |",
        "422 | Unprocessable Entity | Model with specified modelId is deprecated. | None |",
        AUTH,
    )
    a, b = parse_seed(text).operations
    assert a.deprecated and not b.deprecated


# --------------------------------------------------------------------------- schema tables

INLINE = snippet(
    "GET /api/v2/projects/{projectId}/models/¶",
    "Lists models.",
    "Code samples¶",
    "Example responses¶",
    "200 Response",
    '"blueprintId": "string",',
    "Status | Meaning | Description | Schema |",
    "200 | OK | The project's models | Inline |",
    "Response Schema¶",
    "Status Code 200",
    "Name | Type | Required | Restrictions | Description |",
    "anonymous | [ModelDetailsResponse] | false | none | |",
    "» blueprintId | string | true | The blueprint. | |",
    "» lifecycle | ModelLifecycle | true | Object returning model lifecycle. | |",
    "»» stage | string | true | Model lifecycle stage. | |",
    "» modelNumber | integer¦null | true | minimum: 0 (exclusive) |",
    "The model number from the Leaderboard. |",
    "» modelType | string | true | Identifies the model. |",
    "» processes | [string]¦null | true | maxItems: 100 |",
    "The list of processes used by the model. |",
    "» status | string | true | The status. |",
    "Enumerated Values¶",
    "Property | Value |",
    "stage | [active , deprecated , disabled ] |",
    "status | [queue , inprogress ] |",
    AUTH,
)


def test_inline_response_schema_table():
    seed = parse_seed(INLINE)
    op = seed.operations[0]
    assert len(op.inline_tables) == 1 and seed.schema_tables == op.inline_tables
    t = op.inline_tables[0]
    assert (t.line, t.operation, t.status, t.example_line) == (11, op.key, "200", 6)
    rows = {r.name: r for r in t.rows}
    assert [(r.depth, r.name) for r in t.rows] == [
        (0, "anonymous"),
        (1, "blueprintId"),
        (1, "lifecycle"),
        (2, "stage"),
        (1, "modelNumber"),
        (1, "modelType"),
        (1, "processes"),
        (1, "status"),
    ]
    assert (
        rows["anonymous"].type.kind == "array"
        and rows["anonymous"].type.items.ref == "ModelDetailsResponse"
    )
    assert rows["anonymous"].description == "none"
    assert rows["lifecycle"].type.ref == "ModelLifecycle"
    assert rows["stage"].enum == ["active", "deprecated", "disabled"]
    assert rows["status"].enum == ["queue", "inprogress"]
    # wrapped row: the Restrictions cell ran into the next line
    mn = rows["modelNumber"]
    assert mn.wrapped and mn.line == 16
    assert mn.restrictions == "minimum: 0 (exclusive)"
    assert mn.restriction_values == {"minimum": 0, "exclusiveMinimum": True}
    assert mn.description == "The model number from the Leaderboard."
    assert mn.nullable and mn.type.type == "integer" and mn.required
    # a 4-cell row (dropped empty Restrictions cell, no trailing empty cell) mid-table
    mt = rows["modelType"]
    assert (
        not mt.wrapped
        and mt.restrictions == ""
        and mt.description == "Identifies the model."
    )
    pr = rows["processes"]
    assert (
        pr.is_array
        and pr.nullable
        and pr.type.items.type == "string"
        and pr.restriction_values == {"maxItems": 100}
    )
    assert pr.description == "The list of processes used by the model."


SCHEMAS = snippet(
    "GET /api/v2/x/¶",
    "X.",
    "Code samples¶",
    AUTH,
    '"canShare": true,',
    '"role": "string"',
    "Name | Type | Required | Restrictions | Description |",
    "canShare | boolean | true | Whether the recipient can share. | |",
    "role | string | true | The role. |",
    '"supportsGridSearch": true',
    "Indicates that the value can contain free-form ASCII text. If present, is an empty object. Note that ascii",
    "fields must be valid ASCII-encoded strings.",
    "Name | Type | Required | Restrictions | Description |",
    "supportsGridSearch | boolean | true | When True, Grid Search is supported. |",
    '"blenderMethod": "PLS",',
    '"modelIds": [',
    "Name | Type | Required | Restrictions | Description |",
    'blenderMethod | string | true | The blender method, one of "PLS", "GLM". | |',
    "modelIds | [string] | true | minItems: 1 |",
    "The list of models to use in blender. |",
    "Enumerated Values¶",
    "Property | Value |",
    '"samplePct": 0,',
    '"modelCategory": "combined"',
    "Name | Type | Required | Restrictions | Description |",
    "modelCategory | string | true | What kind of model this is. |",
    "samplePct | string | true | always null for datetime models | |",
    "name | string | true | maxLength: 50 minLength: 1 minLength: 1 |",
    "A cluster name. |",
    "Enumerated Values¶",
    "Property | Value |",
    "modelCategory | combined |",
    "samplePct | null |",
)


def test_schemas_section_tables():
    seed = parse_seed(SCHEMAS)
    assert seed.schemas_start_line == 5
    assert [t.line for t in seed.schema_tables] == [7, 13, 17, 25]
    t1, t2, t3, t4 = seed.schema_tables
    assert not t1.is_inline and t1.example_line == 5 and t1.description == ""
    assert [(r.name, r.type.type, r.required, r.description) for r in t1.rows] == [
        ("canShare", "boolean", True, "Whether the recipient can share."),
        ("role", "string", True, "The role."),
    ]
    assert t2.description_line == 11 and t2.example_line == 10
    assert normalize_text(t2.description).startswith(
        "Indicates that the value can contain free-form ASCII text."
    )
    assert t2.description.endswith("fields must be valid ASCII-encoded strings.")
    # an Enumerated Values table that lost all its rows
    assert t3.enum_table_empty and t3.enum_table_line == 21
    assert [r.enum for r in t3.rows] == [None, None]
    mi = t3.rows[1]
    assert (
        mi.wrapped
        and mi.restriction_values == {"minItems": 1}
        and mi.description == "The list of models to use in blender."
    )
    # single bare enum values
    rows = {r.name: r for r in t4.rows}
    assert rows["modelCategory"].enum == ["combined"]
    assert rows["samplePct"].enum == ["null"]
    assert rows["name"].restriction_values == {"maxLength": 50, "minLength": 1}
    assert rows["name"].description == "A cluster name."
    assert not t4.unplaced_enums


def test_enum_goes_to_scalar_row_when_names_repeat():
    text = snippet(
        "Name | Type | Required | Restrictions | Description |",
        "status | StatusObject | true | Nested object. | |",
        "status | string | true | The status. |",
        "Enumerated Values¶",
        "Property | Value |",
        "status | [a , b ] |",
    )
    t = parse_seed(text).schema_tables[0]
    assert [r.enum for r in t.rows] == [None, ["a", "b"]]


# --------------------------------------------------------------------------- the real seed


@pytest.fixture(scope="module")
def real_seed():
    return load_seed(SEED_PATH)


def test_real_seed_counts(real_seed):
    seed = real_seed
    assert len(seed.operations) == 104
    assert len({op.key for op in seed.operations}) == 104
    assert len(seed.schema_tables) == 43
    header_lines = [
        i + 1
        for i, l in enumerate(seed.lines)
        if l.startswith("Name | Type | Required | Restrictions | Description |")
    ]
    assert seed.table_header_lines == header_lines
    assert sum(len(op.parameters) for op in seed.operations) == 296
    assert sum(1 for op in seed.operations if op.request_body) == 32
    assert sum(len(op.responses) for op in seed.operations) == 188
    assert sum(len(op.response_headers) for op in seed.operations) == 26
    assert sum(len(t.rows) for t in seed.schema_tables) == 360
    assert sum(1 for t in seed.schema_tables for r in t.rows if r.wrapped) == 41
    assert sum(1 for t in seed.schema_tables if t.is_inline) == 5
    assert sum(1 for op in seed.operations if op.deprecated) == 10
    assert sum(1 for p in seed.parameters if p.enum) == 30
    assert sum(len(t.enum_entries) for t in seed.schema_tables) == 29
    assert [t.line for t in seed.schema_tables if t.enum_table_empty] == [
        3184,
        3966,
        4038,
    ]


def test_real_seed_every_parameter_row_is_parsed(real_seed):
    """Every ``name | in | type | required | description |`` line of the seed became a parameter or a body."""
    lines = real_seed.lines
    rows = [
        i + 1
        for i, l in enumerate(lines)
        if len(split_cells(l)) == 5
        and split_cells(l)[1] in ("path", "query", "body")
        and split_cells(l)[3] in ("true", "false")
    ]
    parsed = {p.line for p in real_seed.parameters} | {
        op.request_body.line for op in real_seed.operations if op.request_body
    }
    assert sorted(parsed) == rows


def test_real_seed_rows_are_clean(real_seed):
    problems = []
    for op in real_seed.operations:
        if op.unplaced_enums:
            problems.append(f"{op.key}: unplaced enums {op.unplaced_enums}")
        for r in op.responses:
            if not r.description or not r.schema or not r.status.isdigit():
                problems.append(f"L{r.line}: response {r}")
        if op.request_body and not op.request_body.schema:
            problems.append(f"{op.key}: body example without body row")
        if not op.text_lines or not op.responses:
            problems.append(f"{op.key}: no text or no responses")
    for t in real_seed.schema_tables:
        if t.unplaced_enums:
            problems.append(f"L{t.line}: unplaced enums {t.unplaced_enums}")
        for r in t.rows:
            if not r.description:
                problems.append(f"L{r.line}: row without description: {r.raw}")
            if r.type.kind == "any":
                problems.append(f"L{r.line}: row without type: {r.raw}")
            if r.restrictions and not r.restriction_values:
                problems.append(f"L{r.line}: unparsed restrictions {r.restrictions!r}")
    assert not problems, "\n".join(problems)


def test_real_seed_known_damage(real_seed):
    seed = real_seed
    # status row whose description ran onto a second line (L2906-2907)
    op = seed.operation("GET /api/v2/projects/{projectId}/ratingTableModels/")
    r = op.response("200")
    assert r.schema == "Inline" and r.line == 2906
    assert normalize_text(r.description).endswith(
        "those from GET /api/v2/projects/(projectId)/ratingTableModels/(modelId)/."
    )
    # "None |" on its own line (L52-53)
    op = seed.operation("POST /api/v2/customInferenceImages/{imageId}/featureImpact/")
    assert [(r.status, r.schema) for r in op.responses] == [
        ("202", "FeatureImpactCreateResponse"),
        ("404", "None"),
        ("422", "None"),
    ]
    assert (
        op.replaced_by
        == "POST /api/v2/customModels/{customModelId}/versions/{customModelVersionId}/featureImpact/"
    )
    # the one multipart body
    bodies = [op.request_body for op in seed.operations if op.request_body]
    assert [b.schema for b in bodies if b.media_type != "application/json"] == [
        "UploadRatingTable"
    ]
    # a Location header whose Format cell was dropped, and one that kept it
    op = seed.operation("POST /api/v2/projects/{projectId}/blenderModels/")
    assert [(h.name, h.format) for h in op.response_headers] == [("Location", "url")]
    op = seed.operation("POST /api/v2/projects/{projectId}/models/")
    assert [(h.name, h.format) for h in op.response_headers] == [("Location", None)]


# --------------------------------------------------------------------------- examples


def test_response_examples_keep_key_value_lines_in_order():
    op = parse_seed(INLINE).operations[0]
    block = op.example_blocks["200"]
    assert block.line == 6 and not block.form
    assert block.render() == ['"blueprintId": "string"']


def test_example_block_parses_nesting_openers_nulls_and_commas():
    block = example_block(10, [
        '"count": 0,',
        '"featureImpacts": [',
        '"impactNormalized": 1,',
        '"redundantWith": null',
        "}",
        '"next": "",',
        '"role": "ADMIN",',
        '"tags": [],',
        '"text": "a, b",',
        '"metrics": "\\n {\\n \\"RMSE\\": 1\\n }\\n",',
    ])
    assert [(e.line, e.key, e.value) for e in block.entries] == [
        (10, "count", "0"), (11, "featureImpacts", "["), (12, "impactNormalized", "1"),
        (13, "redundantWith", "null"), (15, "next", '""'), (16, "role", '"ADMIN"'), (17, "tags", "[]"),
        (18, "text", '"a, b"'), (19, "metrics", '"\\n {\\n \\"RMSE\\": 1\\n }\\n"'),
    ]


def test_multipart_body_example_is_a_form():
    block = example_block(3, ["parentModelId: string", "ratingTableFile: string"])
    assert block.form and block.render() == ['"parentModelId": string', '"ratingTableFile": string']


def test_schemas_section_table_examples():
    t1, t2, t3, t4 = parse_seed(SCHEMAS).schema_tables
    assert t1.example is not None and t1.example.line == 5
    assert t2.example.render() == ['"supportsGridSearch": true']  # the description below is not example
    assert t3.example.render() == ['"blenderMethod": "PLS"', '"modelIds": [']


def test_real_seed_examples(real_seed):
    blocks = [b for op in real_seed.operations for b in op.example_blocks.values()]
    bodies = [op.request_body.example for op in real_seed.operations
              if op.request_body and op.request_body.example]
    tables = [t.example for t in real_seed.schema_tables if t.example]
    assert (len(blocks), len(bodies), len(tables)) == (73, 30, 38)
    first = real_seed.operations[0].example_blocks["200"]
    assert '"impactNormalized": 1' in first.render()
    assert sum(1 for b in blocks for e in b.entries if e.value == "null") == 18
