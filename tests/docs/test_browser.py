"""The HTML reference in a real browser: Debian's chromium, headless, through Playwright.

The committed site (generated/docs/site) is served on 127.0.0.1 as a static host would
serve it, and also opened from file://. The adversarial site is rendered into a temporary
folder; any script it managed to inject would set window.__pwned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

from generator.filters import html_id
from generator.ir.nodes import Api

from .conftest import StaticServer
from .support import GENERATED_DOCS, SCREENSHOTS, Watched, render_markdown, site_pages

NewPage = Callable[..., Watched]
PHONE = {"width": 375, "height": 740}


def open_page(watched: Watched, url: str) -> Any:
    page = watched.page
    page.goto(url, wait_until="load")
    # docs.js enables the search box once it has run: a sign the scripts loaded and ran
    page.wait_for_selector(".search-input:not([disabled])", timeout=5000)
    return page


def test_every_page_loads_cleanly_and_self_contained(site_server: StaticServer, new_page: NewPage, real_api: Api) -> None:
    pages = site_pages(site_server.root)
    assert len(pages) == len(real_api.resources) + 2  # index, schemas, one per resource
    entries = len(real_api.operations) + len(real_api.schemas)
    watched = new_page()
    for rel in pages:
        page = open_page(watched, site_server.url(rel))
        assert page.evaluate("document.compatMode") == "CSS1Compat", rel  # no quirks mode
        assert page.evaluate("Array.isArray(window.DOCS_SEARCH_INDEX) && window.DOCS_SEARCH_INDEX.length") == entries
    assert watched.problems == []
    outside = sorted({u for u in watched.requests if not u.startswith((site_server.base, "data:"))})
    assert outside == [], f"the site fetched from elsewhere: {outside}"


def test_every_internal_link_and_anchor_resolves(site_server: StaticServer, new_page: NewPage) -> None:
    watched = new_page()
    ids: dict[str, set[str]] = {}
    links: dict[str, list[str]] = {}
    for rel in site_pages(site_server.root):
        page = open_page(watched, site_server.url(rel))
        found = page.evaluate("Array.from(document.querySelectorAll('[id]'), e => e.id)")
        assert len(found) == len(set(found)), f"{rel}: duplicate ids {sorted(i for i in found if found.count(i) > 1)[:5]}"
        ids[page.url.split("#")[0]] = set(found)
        links[rel] = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    checked = 0
    for rel, hrefs in links.items():
        for href in hrefs:
            target, fragment = urldefrag(href)
            assert target.startswith(site_server.base), f"{rel}: link leaves the site: {href}"
            assert target in ids, f"{rel}: {href} points to a page that does not exist"
            if fragment:
                assert unquote(fragment) in ids[target], f"{rel}: {href} has no element with that id"
            checked += 1
    assert watched.problems == []
    assert checked > 1000, checked


def test_search_finds_an_operation_and_its_parameters(site_server: StaticServer, new_page: NewPage, real_api: Api) -> None:
    op = next(o for o in real_api.operations if len(o.parameters) >= 3 and not o.deprecated)
    watched = new_page()
    page = open_page(watched, site_server.url("index.html"))
    page.press("body", "/")  # the shortcut focuses the search box
    assert page.evaluate("document.activeElement.classList.contains('search-input')")
    page.keyboard.type(op.operation_id)
    first = page.locator(".search-results a").first
    first.wait_for(state="visible")
    assert first.get_attribute("href").endswith("#" + html_id(op.operation_id))
    assert op.path in first.inner_text()
    first.click()
    page.wait_for_url(re.compile(re.escape("#" + op.operation_id) + "$"))
    section = page.locator(f"section#{op.operation_id}")
    assert section.is_visible()
    box = section.locator("h2").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"] / 2, box  # scrolled to it
    table = section.locator("table.params")
    assert table.is_visible()
    shown = table.locator("tbody tr td:first-child").all_inner_texts()
    assert shown == [p.name for p in op.parameters]
    assert watched.problems == []


def test_search_by_words_path_and_schema(site_server: StaticServer, new_page: NewPage) -> None:
    watched = new_page()
    page = open_page(watched, site_server.url("resources/models.html"))
    search = page.locator(".search-input")

    def results(query: str) -> list[str]:
        search.fill(query)
        return [" ".join(t.split()) for t in page.locator(".search-results li").all_text_contents()]

    assert any("modelRecords" in r for r in results("model records"))
    assert any("/api/v2/projects/{projectId}/blenderModels/" in r for r in results("blenderModels"))
    hits = results("ModelLifecycle")
    assert hits and hits[0].startswith("schema") and "ModelLifecycle" in hits[0]
    assert results("no such thing at all") == ["No operation or schema matches."]
    # Enter follows the first result; the results are links that work from a subfolder page
    search.fill("getModelJob")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/resources/model_jobs\.html#getModelJob$"))
    assert page.locator("section#getModelJob").is_visible()
    assert watched.problems == []


def test_works_from_file_url(new_page: NewPage) -> None:
    site = GENERATED_DOCS / "site"
    watched = new_page()
    page = open_page(watched, (site / "index.html").as_uri())
    page.locator(".search-input").fill("listModelRecords")
    page.locator(".search-results a").first.click()
    page.wait_for_url(re.compile(r"^file://.*/resources/models\.html#listModelRecords$"))
    assert page.locator("section#listModelRecords table.params").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.site-nav')).position") == "sticky"  # the CSS loaded
    assert watched.problems == []
    assert all(u.startswith("file://") for u in watched.requests)


def test_phone_width_has_no_horizontal_overflow(site_server: StaticServer, new_page: NewPage) -> None:
    watched = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    for rel in site_pages(site_server.root):
        page = open_page(watched, site_server.url(rel))
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{rel}: content is {width[0]}px wide in a {width[1]}px viewport"
    # the navigation is reachable: the Menu link jumps to it
    page = open_page(watched, site_server.url("index.html"))
    page.click(".menu-link")
    assert page.locator(".site-nav").is_visible()
    assert page.evaluate("document.querySelector('.site-nav').getBoundingClientRect().top") < PHONE["height"]
    assert watched.problems == []


def test_deprecated_operations_are_visibly_marked(site_server: StaticServer, new_page: NewPage, real_api: Api) -> None:
    watched = new_page()
    page = open_page(watched, site_server.url("resources/models.html#listModels"))
    section = page.locator("section#listModels")
    assert section.locator("h2 .badge-deprecated").is_visible()
    assert section.locator(".notice-deprecated").is_visible()
    assert "Deprecated." in section.locator(".notice-deprecated").inner_text()
    nav_item = page.locator(".nav-ops li.deprecated .nav-op-name", has_text=next(o.summary for o in real_api.operations if o.operation_id == "listModels"))
    assert "line-through" in nav_item.evaluate("e => getComputedStyle(e).textDecorationLine")
    # the replacement link goes to the replacing operation
    section.locator(".notice-deprecated a").click()
    page.wait_for_url(re.compile(r"#listModelRecords$"))
    assert watched.problems == []


def test_light_and_dark_schemes_follow_the_system(site_server: StaticServer, new_page: NewPage) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        watched = new_page(color_scheme=scheme)
        page = open_page(watched, site_server.url("index.html"))
        colours[scheme] = page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
    assert colours["light"] != colours["dark"]
    assert colours["light"][0] == "rgb(255, 255, 255)"
    assert colours["dark"][0] == "rgb(21, 24, 28)"


def test_screenshots_for_review(site_server: StaticServer, new_page: NewPage) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    watched = new_page(viewport={"width": 1280, "height": 900})
    page = open_page(watched, site_server.url("index.html"))
    shots.append(SCREENSHOTS / "index.png")
    page.screenshot(path=str(shots[-1]), full_page=False)
    page = open_page(watched, site_server.url("resources/models.html#listModelRecords"))
    shots.append(SCREENSHOTS / "operation.png")
    page.locator("section#listModelRecords").screenshot(path=str(shots[-1]))
    page.locator(".search-input").fill("blender")
    shots.append(SCREENSHOTS / "search.png")
    page.screenshot(path=str(shots[-1]))
    dark = new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = open_page(dark, site_server.url("resources/models.html#listModels"))
    shots.append(SCREENSHOTS / "operation-dark.png")
    page.screenshot(path=str(shots[-1]))
    phone = new_page(viewport=PHONE, is_mobile=True)
    page = open_page(phone, site_server.url("resources/models.html#listModelRecords"))
    shots.append(SCREENSHOTS / "operation-phone.png")
    page.screenshot(path=str(shots[-1]))
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000, shot


# -- the adversarial spec ------------------------------------------------------------------
HOSTILE_QUERIES = ["script", "pwned", "<", "|", "`", "thing", "'", '"', "{{"]


def test_a_script_in_the_page_would_be_caught(new_page: NewPage) -> None:
    """The control for the tests below: an injected script does set window.__pwned."""
    watched = new_page()
    watched.page.set_content("<p>x</p><script>window.__pwned='control'</script>")
    assert watched.page.evaluate("window.__pwned") == "control"


def test_adversarial_site_runs_no_injected_script(adversarial_server: StaticServer, new_page: NewPage) -> None:
    watched = new_page()
    pages = site_pages(adversarial_server.root)
    assert len(pages) == 4
    for rel in pages:
        page = open_page(watched, adversarial_server.url(rel))
        for query in HOSTILE_QUERIES:
            page.locator(".search-input").fill(query)
        for link in page.locator(".search-results a").all()[:3]:
            link.hover()
        assert page.evaluate("window.__pwned") is None, rel
        assert page.evaluate("document.querySelectorAll('script').length") == 2, rel
        assert page.evaluate("document.querySelectorAll('img, iframe, b, i, object, embed').length") == 0, rel
    assert watched.problems == []


def test_adversarial_site_shows_the_text_literally(adversarial_server: StaticServer, new_page: NewPage, adversarial_api: Api) -> None:
    watched = new_page()
    resource = adversarial_api.resources[0]
    op = resource.operations[0]
    page = open_page(watched, adversarial_server.url(f"resources/{resource.module}.html"))
    section = page.locator(f"[id='{html_id(op.operation_id)}']")
    assert section.locator("h2").inner_text().startswith("#" + op.summary)
    names = section.locator("table.params tbody tr td:first-child").all_inner_texts()
    assert names == [p.name for p in op.parameters]
    assert page.title().startswith(resource.tag)
    # the search shows hostile names as text and its links reach the right anchor
    page.locator(".search-input").fill("getThing")
    first = page.locator(".search-results a").first
    assert op.summary in first.inner_text()
    first.click()
    page.wait_for_function("location.hash.length > 1")
    assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == html_id(op.operation_id)
    assert page.evaluate("window.__pwned") is None
    assert watched.problems == []


def test_adversarial_markdown_rendered_runs_no_script(adversarial_docs: dict[str, str], new_page: NewPage, tmp_path: Path) -> None:
    """The Markdown, rendered by cmark-gfm with raw HTML allowed and no tag filter (stricter
    than GitHub), opened in the browser: nothing runs."""
    watched = new_page()
    for rel, text in sorted(adversarial_docs.items()):
        if not rel.endswith(".md"):
            continue
        target = tmp_path / (rel.replace("/", "_") + ".html")
        target.write_text("<!DOCTYPE html><meta charset=utf-8><title>md</title>" + render_markdown(text), encoding="utf-8")
        watched.page.goto(target.as_uri())
        assert watched.page.evaluate("window.__pwned") is None, rel
    assert watched.problems == []
