"""Injection: spec text full of quotes, triple quotes, backslashes, newlines, Jinja syntax,
</script>, HTML, Markdown pipes, NUL and other control characters and Unicode line
separators must only ever be carried as data.

One adversarial spec puts such text everywhere the generator shows spec text; the client
must compile, import and pass mypy, the text must come back exactly where it is shown
(docstrings, attribute docstrings, enum values, aliases, defaults, examples, the default
endpoint, the wire), and the reference must contain no markup or script from it.
"""

from __future__ import annotations

import ast
import functools
import html.parser
import importlib
import inspect
import json
import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.filters import comment, docstring, pystr

from .support import compile_all, import_all, mypy_errors, run_cli, types_source, write_spec

# Jinja would print 55433 for this; finding the digits anywhere means a template evaluated spec text.
JINJA = "{{ 7 * 7919 }}{% if true %}IF{% endif %}{# c #}"
SCRIPT = "</script><script>alert('xss')</script>"
HTML = '<img src=x onerror="alert(1)"><b>bold</b><!-- c -->'
TEXT = (
    'Quotes " and \' and """triple""" and \'\'\'single\'\'\' and a trailing backslash \\ and \\N{BULLET} \\x41 \\u0041\n'
    f"Second line with {JINJA} and {SCRIPT}\n"
    f"{HTML} | a | markdown | row |\n"
    "Control: NUL\x00 BEL\x07 ESC\x1b DEL\x7f, separators \u2028 and \u2029 and NEL\x85, CR\rdone.\n"
    "# not a comment\n"
    "Ends with a quote\""
)
ENUM_VALUES = ['"', "'", '"""', "\\", "a\nb", JINJA, SCRIPT, "|", "", "\x00", "\u2028", "x' + __import__('os').system('echo pwned') + '"]
PROPERTY_NAMES = ['we"ird', "it's", "back\\slash", "new\nline", JINJA, SCRIPT, "pi|pe", "", "nul\x00", "\u2029", "__class__", "model_config"]
QUERY_NAME = 'q"uote\'s {{x}}|<b>&=?#'
HEADER_NAME = "X-Odd_Header.1~"
SERVER = "http://localhost:8080/base?\"quoted\"&'single'{{ 7 * 7919 }}\\"
TAG = 'Tag """ with {{ 7 * 7919 }} </script> | pipe\nand newline'


def adversarial_spec() -> dict[str, Any]:
    thing_props: dict[str, Any] = {name: {"type": "string", "description": TEXT} for name in PROPERTY_NAMES}
    thing_props["withDefault"] = {"type": "string", "default": TEXT, "example": TEXT, "description": TEXT}
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Title {TEXT}", "version": '1.0"\'', "description": TEXT},
        "servers": [{"url": SERVER, "description": TEXT}],
        "tags": [{"name": TAG, "description": TEXT}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "tags": [TAG],
                    "summary": f"Summary {TEXT}",
                    "description": f"Description {TEXT}",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "description": TEXT, "schema": {"type": "string"}},
                        {"name": QUERY_NAME, "in": "query", "description": TEXT, "example": TEXT,
                         "schema": {"type": "string", "enum": ENUM_VALUES}},
                        {"name": HEADER_NAME, "in": "header", "description": TEXT, "schema": {"type": "string", "default": TEXT}},
                    ],
                    "responses": {
                        "200": {"description": TEXT, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}, "example": {"we\"ird": TEXT}}}},
                        "404": {"description": TEXT},
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {"type": "object", "description": TEXT, "properties": thing_props},
                "Choice": {"type": "string", "description": TEXT, "enum": ENUM_VALUES},
            }
        },
    }


class _Recorder(BaseHTTPRequestHandler):
    """Answers every GET with a Thing and remembers the request line and headers."""

    seen: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        type(self).seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        body = json.dumps({name: f"value of {name}" for name in PROPERTY_NAMES}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, ModuleType]]:
    root = tmp_path_factory.mktemp("injection")
    spec = write_spec(root, adversarial_spec())
    run = run_cli("generate", "--spec", spec, "--out", root / "out", "--package-name", "inj_client", "--client-class", "Client", cwd=root)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "Traceback" not in run.stderr
    client_dir = root / "out" / "python"
    sys.path.insert(0, str(client_dir))
    try:
        yield root / "out", importlib.import_module("inj_client")
    finally:
        sys.path.remove(str(client_dir))
        for name in [n for n in sys.modules if n.split(".")[0] == "inj_client"]:
            del sys.modules[name]


def _resource(package: ModuleType) -> Any:
    module = importlib.import_module(f"{package.__name__}.resources")
    (name,) = module.__all__
    resource_module = importlib.import_module(f"{package.__name__}.resources.{name}")
    return next(v for k, v in vars(resource_module).items() if k.endswith("Resource") and not k.startswith("Async") and isinstance(v, type))


def _visible(text: str) -> str:
    """How TEXT reads once in a docstring: the same characters; docstrings are dedented by
    inspect.getdoc and carry a CR as a line break (the filter normalises line endings)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_package_compiles_imports_and_type_checks(generated: tuple[Path, ModuleType], tmp_path: Path) -> None:
    out, _ = generated
    assert compile_all(out / "python") >= 8
    assert len(import_all(out / "python", "inj_client")) >= 8
    errors = mypy_errors(out / "python", "inj_client", tmp_path / "mypy")
    assert errors == [], "\n".join(errors)


def test_no_template_evaluated_spec_text(generated: tuple[Path, ModuleType]) -> None:
    out, _ = generated
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert all("55433" not in p.read_text(encoding="utf-8") for p in files)
    assert "{{ 7 * 7919 }}{% if true %}IF{% endif %}{# c #}" in types_source(out / "python" / "inj_client")


def test_operation_docstring_carries_summary_and_description(generated: tuple[Path, ModuleType]) -> None:
    _, package = generated
    method = _resource(package).get_thing
    doc = inspect.getdoc(method) or ""
    for line in _visible(f"Description {TEXT}").split("\n"):
        assert line.strip() in doc, line
    assert _visible(f"Summary {TEXT}").split("\n")[0] in doc


def test_model_docstrings_and_field_docstrings_round_trip(generated: tuple[Path, ModuleType]) -> None:
    out, _ = generated
    types = importlib.import_module("inj_client.types")
    assert inspect.getdoc(types.Thing) == inspect.cleandoc(_visible(TEXT))
    # attribute docstrings (the string after each field) hold each property's description
    tree = ast.parse(types_source(out / "python" / "inj_client"))
    thing = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Thing")
    docs = [inspect.cleandoc(b.value.value) for a, b in zip(thing.body, thing.body[1:])
            if isinstance(a, ast.AnnAssign) and isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)]
    assert docs and all(d == inspect.cleandoc(_visible(TEXT)) for d in docs), docs[:2]


def test_enum_members_equal_the_odd_strings(generated: tuple[Path, ModuleType]) -> None:
    types = importlib.import_module("inj_client.types")
    assert [m.value for m in types.Choice] == ENUM_VALUES
    assert all(types.Choice(v).value == v for v in ENUM_VALUES)


def test_property_names_round_trip_as_aliases(generated: tuple[Path, ModuleType]) -> None:
    types = importlib.import_module("inj_client.types")
    wire = {name: f"v{i}" for i, name in enumerate(PROPERTY_NAMES)}
    assert types.Thing.model_validate(wire).to_dict() == wire


def test_defaults_and_examples_round_trip(generated: tuple[Path, ModuleType]) -> None:
    types = importlib.import_module("inj_client.types")
    assert types.Thing().with_default == TEXT
    assert types.Thing.model_fields["with_default"].examples == [TEXT]


def test_server_url_is_the_default_endpoint(generated: tuple[Path, ModuleType]) -> None:
    client_module = importlib.import_module("inj_client._client")
    assert client_module.SETTINGS.default_endpoint == SERVER
    assert client_module.__doc__ is not None and SERVER in client_module.__doc__


def test_title_and_tag_are_carried_in_docstrings(generated: tuple[Path, ModuleType]) -> None:
    _, package = generated
    title = _visible(f"Title {TEXT}").split("\n")[0]
    assert title in (package.__doc__ or "")
    assert title in (importlib.import_module("inj_client.types").__doc__ or "")
    assert _visible(TAG).split("\n")[0] in (inspect.getdoc(_resource(package)) or "")


def test_parameter_names_and_values_reach_the_wire_exactly(generated: tuple[Path, ModuleType]) -> None:
    _, package = generated
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _Recorder.seen.clear()
        with package.Client(f"http://127.0.0.1:{server.server_address[1]}", token="t") as client:
            (attr,) = [n for n, v in vars(type(client)).items() if isinstance(v, functools.cached_property)]
            resource = getattr(client, attr)
            value = ENUM_VALUES[-1]
            thing = resource.get_thing("a/../b ?#", **{_query_arg(resource): value, _header_arg(resource): "header value"})
        path, headers = _Recorder.seen[-1]
        parts = urlsplit(path)
        assert parts.path == "/things/a%2F..%2Fb%20%3F%23"
        assert parse_qsl(parts.query, keep_blank_values=True) == [(QUERY_NAME, value)]
        assert headers[HEADER_NAME.lower()] == "header value"
        assert thing.to_dict() == {name: f"value of {name}" for name in PROPERTY_NAMES}
    finally:
        server.shutdown()
        server.server_close()


def _query_arg(resource: Any) -> str:
    params = inspect.signature(resource.get_thing).parameters
    return next(n for n in params if n not in ("id", "timeout", "extra_headers") and "header" not in n)


def _header_arg(resource: Any) -> str:
    return next(n for n in inspect.signature(resource.get_thing).parameters if "header" in n and n != "extra_headers")


class _Markup(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[tuple[str, str]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]


def test_reference_docs_carry_no_markup_or_script_from_the_spec(generated: tuple[Path, ModuleType]) -> None:
    out, _ = generated
    docs = out / "docs"
    html_files = sorted(docs.rglob("*.html"))
    md_files = sorted(docs.rglob("*.md"))
    assert md_files, "no Markdown reference was generated"
    for path in html_files:
        parser = _Markup()
        parser.feed(path.read_text(encoding="utf-8"))
        assert not parser.handlers, (path, parser.handlers)
        assert "img" not in parser.tags, path
        inline = [s for s in parser.scripts if not s.get("src")]
        assert not inline or all(s.get("type") == "application/json" for s in inline), (path, parser.scripts)
        assert "alert('xss')</script>" not in path.read_text(encoding="utf-8")
    for path in md_files + sorted(out.rglob("README.md")):
        text = path.read_text(encoding="utf-8")
        prose = re.sub(r"(`+)(.+?)\1", "", text, flags=re.DOTALL)  # code spans show markup as text
        assert "<script" not in prose and "<img" not in prose and "<b>" not in prose, path
        assert "\x00" not in text, path


# -- the filters that carry spec text into code, on arbitrary text -------------------------------
_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | st.lists(
    st.sampled_from(['"', "'", "\\", '"""', "\n", "\r", "\x00", "\u2028", "{{", "#", "a", " "]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_ANY_TEXT)
def test_docstring_filter_round_trips_any_text(text: str) -> None:
    """Between triple quotes, the filtered text parses and reads back as the original
    (with line endings normalised to \\n, as docstrings have them)."""
    source = f'def f():\n    """{docstring(text)}"""\n'
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    assert ast.get_docstring(node, clean=False) == text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_ANY_TEXT)
def test_comment_and_literal_filters_contain_any_text(text: str) -> None:
    tree = ast.parse(f"# {comment(text)}\nx = {pystr(text)}\n")
    assert len(tree.body) == 1 and ast.literal_eval(tree.body[0].value) == text  # type: ignore[attr-defined]
