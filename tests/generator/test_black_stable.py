"""The format stage's shortcuts change no byte.

Modules the client target declares black-stable skip black: so tidy_imports + black must
leave every one of them exactly as rendered. A large module is formatted in pieces cut
between top-level classes: the joined pieces must be what black makes of the whole. Checked
on our spec, the golden cases, the test specs and corpus specs (generator/layout.py says what
is covered; anything else is left to black, which the `stable` set shows)."""

from __future__ import annotations

import gzip
import random
import warnings
from pathlib import Path

import black
import pytest

from generator import layout
from generator.config import load_config, named_after
from generator.filters import docstring, indent_lines
from generator.format import (
    LINE_LENGTH,
    _black_or_error,
    _format_or_error,
    _pieces,
    tidy_imports,
)
from generator.ir import build
from generator.load import load
from generator.models import render_models
from generator.render import render
from generator.targets.client import BLACK_STABLE_RUNTIME
from generator.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SPECS = [
    ROOT / "spec" / "openapi.yaml",
    *sorted((ROOT / "tests" / "golden").glob("*/spec.yaml")),
    *sorted((ROOT / "tests" / "data" / "specs").glob("*.json")),
]
# Small corpus documents with shapes our spec lacks: long docstrings with trailing spaces,
# multi-line descriptions, long enum parameters, deprecated operations.
CORPUS = ["currencytick.com", "wikipathways.org", "surevoip.co.uk", "mozilla.com__kinto", "appveyor.com", "trello.com"]
MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)


def _rendered(spec: Path, models_only: bool = False) -> tuple[dict[str, str], set[str], str]:
    config = load_config(ROOT, {"spec": str(spec), "cache_dir": ""})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = validate(load(config.spec)).document
        api = build(document)
        config = named_after(config, api.title if (document.data.get("info") or {}).get("title") else "")
        stable: set[str] = set()
        if models_only:
            # the models module as one text: the format stage cuts a large module into pieces
            return {"types.py": f'"""The models."""\n\n{render_models(api, config.package_name)}'}, stable, config.package_name
        files = render(api, config, stable=stable, spec=document.data)
    return files, stable, config.package_name


def _spec_path(spec: Path | str, tmp_path: Path) -> Path:
    if isinstance(spec, Path):
        return spec
    path = tmp_path / f"{spec}.json"
    path.write_bytes(gzip.decompress((ROOT / "tests" / "data" / "corpus" / f"{spec}.json.gz").read_bytes()))
    return path


def _spec_ids() -> list[object]:
    return [pytest.param(spec, id=spec.relative_to(ROOT).as_posix()) for spec in SPECS] + [pytest.param(name, id=f"corpus/{name}") for name in CORPUS]


@pytest.mark.parametrize("spec", _spec_ids())
def test_black_leaves_every_declared_stable_module_unchanged(spec: Path | str, tmp_path: Path) -> None:
    files, stable, package = _rendered(_spec_path(spec, tmp_path))
    modules = [p for p in files if p.endswith(".py")]
    assert {p.rsplit("/", 1)[1] for p in stable} >= BLACK_STABLE_RUNTIME
    # the types package: datamodel-code-generator's classes, laid out by models_layout
    assert {p for p in modules if "/types/" in p} <= stable
    assert len(stable) > len(modules) / 2, sorted(set(modules) - stable)  # most modules skip black
    changed = []
    for path in sorted(stable):
        ok, formatted = _format_or_error(path, files[path], package)
        assert ok, formatted
        if formatted != files[path]:
            changed.append(path)
    assert not changed


@pytest.mark.parametrize("spec", _spec_ids())
def test_models_formatted_in_pieces_equal_the_whole_formatted(spec: Path | str, tmp_path: Path) -> None:
    files, _, package = _rendered(_spec_path(spec, tmp_path), models_only=True)
    ok, whole = _format_or_error("types.py", files["types.py"], package)
    assert ok, whole
    tidied = tidy_imports(files["types.py"], package)
    for count in (2, 3):
        pieces = _pieces(tidied, count)
        assert "".join(pieces) == tidied
        assert len(pieces) > 1 or files["types.py"].count("\nclass ") < 2  # really cut
        assert "\n\n".join(_black_or_error(piece)[1] for piece in pieces) == whole


HOSTILE = ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "nul\x00", "é ü", "'\"'", "\\'", 'x\\"']


@pytest.mark.parametrize("value", HOSTILE)
def test_black_str_is_the_literal_black_writes(value: str) -> None:
    source = f"x = {layout.black_str(value)}\n"
    assert black.format_str(source, mode=MODE) == source
    assert eval(layout.black_str(value)) == value  # our own literal


def test_requote_rewrites_every_literal_of_an_annotation() -> None:
    assert layout.requote("Literal['a', \"it's\", 'q\"'] | None") == "Literal[\"a\", \"it's\", 'q\"'] | None"


@pytest.mark.parametrize("names", [["A", "B"], ["AsyncVeryLongResourceNameThatGoesOnAndOnResource", "VeryLongResourceNameThatGoesOnAndOnResource"]])
def test_import_from_is_black_stable(names: list[str]) -> None:
    source = layout.import_from(".resources.some_module", names) + "\n"
    assert black.format_str(source, mode=MODE) == source


@pytest.mark.parametrize(
    ("annotation", "default"),
    [
        ("Literal['a', 'b'] | None", "None"),
        ("Literal[" + ", ".join(f"'value{i}'" for i in range(8)) + "] | None", "None"),
        ("list[Literal[" + ", ".join(f"'value number {i}'" for i in range(9)) + "]] | None", "None"),
        ("Literal[" + ", ".join(f"'v{i}'" for i in range(12)) + "]", "'v1'"),
        ("Literal[" + ", ".join(f"'a longer value {i}'" for i in range(9)) + "]", "'a longer value 1'"),
    ],
)
def test_parameter_is_black_stable(annotation: str, default: str) -> None:
    with layout.watch() as plain:
        param = layout.parameter("some_parameter", annotation, default, 8)
    source = "def f(\n    self,\n    *,\n" + "\n".join("    " + line if line else line for line in param.split("\n")) + "\n) -> None:\n    pass\n"
    source = source.replace("\n    ", "\n        ").replace("def f", "class C:\n    def f").replace("\n) -> None:\n        pass", "\n    ) -> None:\n        pass")
    assert not plain
    assert black.format_str(source, mode=MODE) == source


def test_settle_docstrings_matches_black() -> None:
    long_line = "word " * 25
    source = f'"""Title: first  \n\n    {long_line.strip()}\n    indented   \n{long_line.strip()[:98]}"""\n\n\nclass C:\n    """One line.  """\n'
    settled = layout.settle_docstrings(source)
    assert settled is not None
    assert black.format_str(settled, mode=MODE) == black.format_str(source, mode=MODE) == settled


# -- generated inputs: what the templates can give these functions, checked against black ----
_PIECES = ["word", '"', "\\", "\t", " ", "\n", '"""', "'", "x" * 40, "\u00a0", "\x0c", "é", "  ", '\\"', "\n\n", "\t\tindented", "    "]


@pytest.mark.parametrize("seed", range(3))
def test_settle_docstrings_matches_black_on_generated_text(seed: int) -> None:
    """Docstrings as the templates write them (the docstring filter's text, one line or many,
    closing quotes on their own line or not), at two depths: settle_docstrings either refuses
    one or writes exactly what black writes."""
    rng = random.Random(seed)
    settled = 0
    for _ in range(300):
        text = docstring("".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14))))
        depth = rng.choice([1, 2])
        pad = "    " * depth
        body = indent_lines(text, 4 * depth).lstrip()
        closing = f"\n{pad}" if "\n" in text or rng.random() < 0.5 else ""
        source = ("class A:\n" if depth == 2 else "") + "    " * (depth - 1) + f'def f():\n{pad}"""{body}{closing}"""\n{pad}pass\n'
        got = layout.settle_docstrings(source)
        if got is not None:
            settled += 1
            assert got == black.format_str(source, mode=MODE), source
    assert settled > 250  # refusals stay rare: each one sends a whole module to black


def _annotation(rng: random.Random, depth: int = 0) -> str:
    def atom() -> str:
        roll = rng.random()
        if depth < 2 and roll < 0.25:
            return f"list[{_annotation(rng, depth + 1)}]"
        if depth < 2 and roll < 0.35:
            return f"Mapping[str, {_annotation(rng, depth + 1)}]"
        if depth < 2 and roll < 0.42:
            return "Literal[" + ", ".join(f"'{rng.choice(['a', 'value', 'v' * 30])}'" for _ in range(rng.randint(1, 4))) + "]"
        return rng.choice(["A", "str", "Any", "ReposCustomPropertiesForReposCreateOrUpdateRepositoryValuesRequest", "X" * rng.randint(5, 60)])

    return " | ".join(atom() for _ in range(rng.randint(1, 3)))


@pytest.mark.parametrize("seed", range(3))
def test_parameter_matches_black_on_generated_annotations(seed: int) -> None:
    """Parameters with and without defaults, long unions and nested subscripts: parameter()
    either reports the shape as unpredicted or lays it out exactly as black does."""
    rng = random.Random(seed)
    laid_out = 0
    for _ in range(400):
        name = rng.choice(["body", "x", "a_really_long_parameter_name_for_testing"])
        with layout.watch() as plain:
            param = layout.parameter(name, _annotation(rng), rng.choice(["", "", "None", "NOT_GIVEN"]), 8)
        if plain:
            continue
        laid_out += 1
        source = "class A:\n    def f(\n        self,\n" + "\n".join("        " + line if line else line for line in param.split("\n")) + "\n    ) -> None:\n        pass\n"
        assert black.format_str(source, mode=MODE) == source
    assert laid_out > 300
