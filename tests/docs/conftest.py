"""Fixtures for the reference tests: the docs rendered from the real and the adversarial
spec, a static file server on 127.0.0.1, and a headless Debian chromium driven by
Playwright (skipped only when it is missing; in CI a skip fails the run)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.ir import build
from generator.ir.nodes import Api
from generator.load import load

from .support import (
    ADVERSARIAL,
    CHROMIUM,
    CHROMIUM_ARGS,
    GENERATED_DOCS,
    SPEC,
    Watched,
    render_docs,
    watch,
    write_tree,
)


@pytest.fixture(scope="session")
def real_api() -> Api:
    return build(load(SPEC))


@pytest.fixture(scope="session")
def real_spec() -> dict[str, Any]:
    """The validated document's data, for checks that read the spec independently of the IR."""
    return load(SPEC).data


@pytest.fixture(scope="session")
def real_docs() -> dict[str, str]:
    return render_docs(SPEC)


@pytest.fixture(scope="session")
def adversarial_api() -> Api:
    return build(load(ADVERSARIAL))


@pytest.fixture(scope="session")
def adversarial_docs() -> dict[str, str]:
    return render_docs(ADVERSARIAL)


@pytest.fixture(scope="session")
def adversarial_tree(adversarial_docs: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(adversarial_docs, tmp_path_factory.mktemp("adversarial-docs"))


# -- static server -------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class StaticServer:
    root: Path
    base: str

    def url(self, rel: str) -> str:
        return self.base + rel


def _serve(root: Path) -> Iterator[StaticServer]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"static-{root.name}", daemon=True)
    thread.start()
    try:
        yield StaticServer(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_server() -> Iterator[StaticServer]:
    """Serves the committed site, generated/docs/site, as any static host would."""
    site = GENERATED_DOCS / "site"
    if not (site / "index.html").is_file():
        pytest.fail("generated/docs/site/index.html is missing: run `make docs`")
    yield from _serve(site)


@pytest.fixture(scope="session")
def adversarial_server(adversarial_tree: Path) -> Iterator[StaticServer]:
    yield from _serve(adversarial_tree / "site")


# -- browser -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Watched]]:
    """A factory of watched pages, each in a fresh context; all closed afterwards."""
    contexts: list[Any] = []

    def make(**options: Any) -> Watched:
        context = browser.new_context(**options)
        contexts.append(context)
        return watch(context.new_page())

    yield make
    for context in contexts:
        context.close()
