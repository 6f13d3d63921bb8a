"""The stage cache can never serve stale output: every key covers the whole generator
source, every template, the Python version and every installed distribution's version."""

from __future__ import annotations

import sys
from pathlib import Path

from generator import cache
from generator.cache import Cache, code_files, fingerprint, installed_distributions
from generator.config import Config
from generator.pipeline import generate_files

ROOT = Path(__file__).resolve().parents[2]


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    generator, templates = tmp_path / "generator", tmp_path / "templates"
    (generator / "ir").mkdir(parents=True)
    (templates / "client" / "runtime").mkdir(parents=True)
    (generator / "models.py").write_text("A = 1\n")
    (generator / "ir" / "naming.py").write_text("B = 1\n")
    (templates / "client" / "resource.py.jinja").write_text("{{ x }}\n")
    (templates / "client" / "runtime" / "_base_client.py").write_text("C = 1\n")
    return generator, templates


def _print(generator: Path, templates: Path, dists: list[str] | None = None) -> str:
    return fingerprint(code_files(generator, templates), dists or ["black-24.1.0.dist-info"], "3.11.7")


def test_every_generator_module_and_template_is_covered() -> None:
    covered = set(code_files())
    sources = {p for p in (ROOT / "generator").rglob("*.py") if "__pycache__" not in p.parts}
    templates = {p for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert sources and templates
    assert sources | templates <= covered
    assert ROOT / "generator" / "ir" / "naming.py" in covered and ROOT / "generator" / "ir" / "build.py" in covered


def test_changing_any_module_or_template_changes_the_fingerprint(tmp_path: Path) -> None:
    generator, templates = _tree(tmp_path)
    before = _print(generator, templates)
    for path in code_files(generator, templates):
        original = path.read_text()
        path.write_text(original + "# edited\n")
        assert _print(generator, templates) != before, f"an edit of {path.name} would hit a stale cache"
        path.write_text(original)
    assert _print(generator, templates) == before
    (generator / "ir" / "new_stage.py").write_text("")
    assert _print(generator, templates) != before, "a new module would hit a stale cache"


def test_a_dependency_version_changes_the_fingerprint(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    (site / "pydantic-2.9.0.dist-info").mkdir(parents=True)
    (site / "black-24.1.0.dist-info").mkdir()
    generator, templates = _tree(tmp_path)
    before = installed_distributions([str(site)])
    assert before == ["black-24.1.0.dist-info", "pydantic-2.9.0.dist-info"]
    (site / "pydantic-2.9.0.dist-info").rename(site / "pydantic-2.10.1.dist-info")
    after = installed_distributions([str(site), str(tmp_path / "missing")])
    assert _print(generator, templates, before) != _print(generator, templates, after)
    assert fingerprint([], before, "3.11.7") != fingerprint([], before, "3.12.0")


def test_the_running_process_fingerprints_its_real_libraries() -> None:
    names = installed_distributions(sys.path)
    for library in ("black", "datamodel_code_generator", "pydantic", "jinja2", "openapi_spec_validator"):
        assert any(n.lower().startswith(library + "-") for n in names), library


def test_a_stale_entry_is_not_served_after_the_code_changes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Fill the cache, then pretend the generator changed: every stage must miss and recompute."""
    spec = ROOT / "tests" / "golden" / "minimal" / "spec.yaml"
    store = tmp_path / "cache"
    config = Config(spec=spec, out=tmp_path / "out", package_name="minimal_client", cache_dir=store)
    fresh = generate_files(config)
    entries = {p for p in store.rglob("*") if p.is_file()}
    assert entries, "the first run should fill the cache"
    # Poison every entry: a hit would now put garbage into the output.
    for path in entries:
        path.write_text("POISONED\n", encoding="utf-8")
    monkeypatch.setattr(cache, "current_fingerprint", lambda: "generator edited")
    assert generate_files(config) == fresh
    key_before = Cache.key("x")
    monkeypatch.setattr(cache, "current_fingerprint", lambda: "library upgraded")
    assert Cache.key("x") != key_before


def test_a_yaml_document_read_again_comes_from_the_cache_unchanged(tmp_path: Path) -> None:
    from generator.load import load

    spec = ROOT / "spec" / "openapi.yaml"
    store = Cache(tmp_path / "cache")
    first = load(spec, store)
    entries = list((tmp_path / "cache" / "load").rglob("*"))
    assert [p for p in entries if p.is_file()], "the parsed document was not stored"
    again = load(spec, store)
    assert again.data == first.data and again.lines == first.lines == load(spec).lines
    # a damaged entry is parsed again, not trusted
    for entry in (p for p in entries if p.is_file()):
        entry.write_bytes(b"\x00damaged")
    assert load(spec, store).data == first.data
    # other bytes, other entry: an edited document is never answered from the old one
    edited = tmp_path / "edited.yaml"
    edited.write_text(spec.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
    assert load(edited, store).data["info"]["title"] != first.data["info"]["title"]
