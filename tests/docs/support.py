"""Helpers shared by the reference tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.config import Config, load_config
from generator.ir import build
from generator.load import load
from generator.render import environment
from generator.targets import docs
from generator.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
ADVERSARIAL = Path(__file__).resolve().parent / "adversarial.yaml"
GENERATED = ROOT / "generated"
GENERATED_DOCS = GENERATED / "docs"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def project_config() -> Config:
    return load_config(ROOT, {})


def render_docs(spec: Path, config: Config | None = None) -> dict[str, str]:
    """The docs target alone, rendered in memory: {path under the docs folder: text}."""
    config = config or project_config()
    document = load(spec)
    validate(document)
    api = build(document)
    prefix = f"{config.docs_dir}/"
    return {path[len(prefix):]: text for path, text in docs.files(environment(), api, config, document.data).items()}


def write_tree(files: dict[str, str], root: Path) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


@dataclass
class Watched:
    """A page plus everything it reported: console errors and warnings, uncaught exceptions,
    failed or non-2xx requests, and every URL it requested (to prove it is self-contained)."""

    page: Any
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def watch(page: Any) -> Watched:
    watched = Watched(page)
    page.on("console", lambda m: watched.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning", "assert") else None)
    page.on("pageerror", lambda e: watched.problems.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: watched.problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: watched.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: watched.requests.append(r.url))
    return watched


def site_pages(root: Path) -> list[str]:
    """Every HTML page of a site, relative to its root, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def md_anchors(text: str) -> set[str]:
    """The explicit anchors (`<a id="...">`) of a generated Markdown page."""
    return set(_ANCHOR.findall(text))


def fenced_blocks(text: str, lang: str) -> list[str]:
    """The bodies of the fences of one language in a Markdown page, in order."""
    return [body for _, body in re.findall(r"^(`{3,})" + re.escape(lang) + r"\n(.*?)\n\1$", text, flags=re.M | re.S)]


def render_markdown(text: str) -> str:
    """Markdown to HTML with GitHub's cmark-gfm (tables, strikethrough, autolinks), raw HTML
    allowed and no tag filter: stricter than GitHub, like a plain CommonMark renderer, so
    anything our escaping lets through would show up as a real tag."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return str(cmarkgfm.markdown_to_html_with_extensions(
        text, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough", "autolink"]
    ))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def tags_of(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser
