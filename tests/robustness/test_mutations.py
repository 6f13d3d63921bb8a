"""Property-based: mutate valid specs (drop keys, change types, rename or break $refs,
inject odd strings into names and text) and run the whole pipeline in process. For every
mutation the generator either raises a GeneratorError whose location names the spec file,
or produces Python that compiles (every .py) and imports (every module).

The number of examples is bounded so the suite stays fast; the examples are derandomized
(the same ones every run, so CI cannot flake). Set MUTATION_EXAMPLES and MUTATION_SEED to
explore further locally, e.g. `MUTATION_EXAMPLES=1000 MUTATION_SEED=7 pytest ...`.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import pkgutil
import sys
import traceback
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.errors import GeneratorError
from generator.load import load
from generator.pipeline import generate_files

from .support import REPO, SPECS

EXAMPLES = int(os.environ.get("MUTATION_EXAMPLES", "80"))
SEED = int(os.environ.get("MUTATION_SEED", "0"))

BASES = {
    "petstore": load(SPECS / "petstore.json").data,
    "constructs": load(REPO / "tests" / "data" / "constructs.yaml").data,
}

ODD_STRINGS = [
    "", " ", "class", "None", "self", "__init__", "..", "../../evil", "/etc/passwd", "a/b", "a\\b", "C:\\x",
    'say "hi"', "it's", '"""', "'''", "\\", "line\nbreak", "tab\there", "nul\x00byte", "\u2028sep\u2029", "bell\x07",
    "{{ 7 * 7 }}", "{% raw %}", "</script><script>alert(1)</script>", "<b>bold</b>", "a | b", "`code`", "# not a comment",
    "Ünïcödé", "日本語", "🙂", "9lives", "-dash", "x" * 300, "$ref", "__class__", "import os; os.system('x')",
]
# Names a component may legally have (OpenAPI 3.0: ^[a-zA-Z0-9._-]+$) that still trouble code.
ODD_COMPONENT_NAMES = ["class", "None", "self", "9lives", "-dash", "a.b", "__init__", "Foo_Bar", "foo-bar", "BaseModel",
                       "Field", "List", "Any", "Literal", "Client", "Enum", "str", "x" * 120, "Types", "_private"]
TEXT_KEYS = {"description", "summary", "title", "example", "default", "operationId", "name", "url", "x-replaced-by"}
ANY_VALUES: list[Any] = [None, True, False, 0, -1, 2**70, 1.5, "", "x", [], {}, [1, "a"], {"a": 1}, {"type": "string"}, {"$ref": "#/x"}]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in the document (dict keys and list indexes)."""
    out: list[tuple[Any, ...]] = []
    stack = [(node, prefix)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                out.append(where + (key,))
                stack.append((child, where + (key,)))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                out.append(where + (index,))
                stack.append((child, where + (index,)))
    return sorted(out, key=lambda p: [str(k) for k in p])


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any, list[str]]:
    """(base name, mutated document, description of each mutation)."""
    name = draw(st.sampled_from(sorted(BASES)))
    doc = copy.deepcopy(BASES[name])
    notes: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        kind = draw(st.sampled_from(["drop", "retype", "odd-value", "odd-key", "ref", "graft",
                                     "odd-text", "odd-text", "odd-name", "odd-name", "rename-schema"]))
        if kind == "odd-text":  # text the generator carries into docstrings, literals, docs
            texts = [p for p in paths if p[-1] in TEXT_KEYS or (len(p) > 1 and p[-2] in ("enum", "tags"))]
            if texts:
                path = draw(st.sampled_from(texts))
                value = draw(st.sampled_from(ODD_STRINGS))
                _parent(doc, path)[path[-1]] = value
                notes.append(f"text {path} = {value!r}")
            continue
        if kind == "odd-name":  # property names become fields, aliases, docs anchors
            names = [p for p in paths if len(p) > 1 and p[-2] == "properties"]
            if names:
                path = draw(st.sampled_from(names))
                parent = _parent(doc, path)
                value = draw(st.sampled_from(ODD_STRINGS))
                if value not in parent:
                    items = [(value if k == path[-1] else k, v) for k, v in parent.items()]
                    parent.clear()
                    parent.update(items)
                    notes.append(f"property {path} -> {value!r}")
            continue
        if kind == "rename-schema":  # a legal but awkward component name, references updated
            schemas = (doc.get("components") or {}).get("schemas") if isinstance(doc.get("components"), dict) else None
            if isinstance(schemas, dict) and schemas:
                old = draw(st.sampled_from(sorted(schemas)))
                new = draw(st.sampled_from(ODD_COMPONENT_NAMES))
                if new not in schemas:
                    items = [(new if k == old else k, v) for k, v in schemas.items()]
                    schemas.clear()
                    schemas.update(items)
                    for ref in [p for p in _paths(doc) if p[-1] == "$ref"]:
                        holder = _parent(doc, ref)
                        if holder[ref[-1]] == f"#/components/schemas/{old}":
                            holder[ref[-1]] = f"#/components/schemas/{new}"
                    notes.append(f"rename schema {old!r} -> {new!r}")
            continue
        if kind == "ref":
            refs = [p for p in paths if p[-1] == "$ref"]
            if not refs:
                continue
            path = draw(st.sampled_from(refs))
            names = sorted((doc.get("components") or {}).get("schemas") or {}) if isinstance(doc.get("components"), dict) else []
            target = draw(st.sampled_from([f"#/components/schemas/{n}" for n in names] + ["#/components/schemas/Nope", "#/paths", "#", "#/info/title", "other.yaml#/X", "x"]))
            _parent(doc, path)[path[-1]] = target
            notes.append(f"ref {path} -> {target!r}")
            continue
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        if kind == "drop":
            del parent[path[-1]]
            notes.append(f"drop {path}")
        elif kind == "retype":
            value = draw(st.sampled_from(ANY_VALUES))
            parent[path[-1]] = copy.deepcopy(value)
            notes.append(f"set {path} = {value!r}")
        elif kind == "odd-value":
            value = draw(st.sampled_from(ODD_STRINGS))
            parent[path[-1]] = value
            notes.append(f"set {path} = {value!r}")
        elif kind == "odd-key" and isinstance(parent, dict):
            value = draw(st.sampled_from(ODD_STRINGS))
            if value not in parent:
                items = [(value if k == path[-1] else k, v) for k, v in parent.items()]
                parent.clear()
                parent.update(items)
                notes.append(f"rename key {path} -> {value!r}")
        elif kind == "graft":
            source = draw(st.sampled_from(paths))
            parent[path[-1]] = copy.deepcopy(_parent(doc, source)[source[-1]])
            notes.append(f"copy {source} to {path}")
    return name, doc, notes


class Tally:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.crashes: list[str] = []


TALLY = Tally()


def _import_everything(client_dir: Path, package: str) -> int:
    """Import the package and all submodules in this interpreter, then forget them."""
    for key in [k for k in sys.modules if k == package or k.startswith(package + ".")]:
        del sys.modules[key]
    sys.path.insert(0, str(client_dir))
    importlib.invalidate_caches()
    try:
        module = importlib.import_module(package)
        count = 1
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            importlib.import_module(info.name)
            count += 1
        return count
    finally:
        sys.path.remove(str(client_dir))
        for key in [k for k in sys.modules if k == package or k.startswith(package + ".")]:
            del sys.modules[key]


def _check_one(base: str, doc: Any, notes: list[str], folder: Path, cache: Path) -> str:
    """Run one mutated document through the pipeline; return the outcome, raise on a crash."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / "mutant.json"
    spec.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    config = Config(spec=spec, out=folder / "out", package_name="mutant_client", cache_dir=cache)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            files = generate_files(config)
    except GeneratorError as exc:
        for problem in exc.problems:  # the model stage names the file without its folder
            assert problem.location.file in (str(spec), spec.name), f"error not located in the spec: {problem}"
            assert problem.message
        return "rejected"
    sources = {path: text for path, text in files.items() if path.endswith(".py")}
    for path, text in sources.items():
        compile(text, path, "exec", dont_inherit=True)
    client_dir = folder / "client"
    for path, text in files.items():
        if path.startswith("python/"):
            target = client_dir / path.removeprefix("python/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        modules = _import_everything(client_dir, "mutant_client")
    assert modules >= 6
    return "generated"


def test_mutated_specs_fail_cleanly_or_generate_working_code(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path_factory.mktemp("mutation-cache")
    counter = iter(range(10**9))

    @seed(SEED)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=SEED == 0, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(mutated())
    def run(case: tuple[str, Any, list[str]]) -> None:
        base, doc, notes = case
        folder = tmp_path_factory.mktemp("mutant", numbered=True) / str(next(counter))
        try:
            outcome = _check_one(base, doc, notes, folder, cache)
        except BaseException as exc:
            TALLY.crashes.append(f"{base}: {'; '.join(notes)}\n    {type(exc).__name__}: {str(exc)[:300]}\n"
                                 + "".join(traceback.format_exception(exc)[-3:]))
            TALLY.outcomes["crash"] += 1
            raise
        TALLY.outcomes[outcome] += 1

    try:
        run()
    finally:
        total = sum(TALLY.outcomes.values())
        with capsys.disabled():
            print(f"\nmutations run: {total} ({dict(sorted(TALLY.outcomes.items()))}); crashes: {len(TALLY.crashes)}")
            for crash in TALLY.crashes[:5]:
                print("crash:", crash)
    assert not TALLY.crashes
