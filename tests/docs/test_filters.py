"""The escaping filters of the reference, on hostile input, checked against real renderers:
GitHub's cmark-gfm for Markdown, Python's own parser for Python literals, POSIX shell
word splitting for curl, an HTML parser for the site's prose."""

from __future__ import annotations

import ast
import html
import json
import re
import shlex
import subprocess

import markupsafe
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.filters import (
    html_id,
    html_prose,
    json_pretty,
    json_script,
    md_cell,
    md_cell_code,
    md_code,
    md_fence,
    md_inline,
    md_text,
    py_literal,
    sh_quote,
    status_phrase,
    type_parts,
)

from .support import render_markdown, tags_of

HOSTILE = [
    "<script>window.__pwned=1</script>",
    "</script><script>window.__pwned=2</script>",
    '<img src=x onerror="window.__pwned=3">',
    "a | b \\| c \\\\| d \\",
    "```\nunclosed fence",
    "~~~~\nunclosed tilde fence",
    "`tick` ``double`` ```",
    "{{ 7*7 }} {% raw %} ${x} $(id) `id`",
    "quote \" and ' and \\",
    "[click](javascript:window.__pwned=8) ![img](x) <https://example.com>",
    "<!-- comment --> -->",
    "line\u2028separator\u2029para\x00nul\x1besc",
    "# heading\n---\n> quote\n    indented code\n- list",
    "&amp; &lt;script&gt; &#60;script&#62;",
    "",
    "   ",
]
# Text of every kind, including the characters Markdown and HTML care about.
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(list("<>&|`~\\[]()!*_#-=+:;.'\" \n\t{}$%/")), st.characters(codec="utf-8")),
    max_size=60,
)

ALLOWED_INLINE = {"code", "em", "strong", "del", "br", "a"}


def assert_harmless(markup: str, allowed: set[str]) -> None:
    """Only the expected elements, and no attribute that can run script or load anything."""
    for tag, attrs in tags_of(markup).tags:
        assert tag in allowed, f"unexpected <{tag}> in {markup!r}"
        for name, value in attrs:
            assert not name.startswith("on"), markup
            if name == "href":
                assert re.match(r"^(https?:|mailto:|#)", value or ""), markup
            else:
                assert name in ("class",), f"unexpected attribute {name} in {markup!r}"


def table_row(cell: str) -> list[str]:
    """Render a one-row table whose first cell holds `cell`; return the body row's cells."""
    rendered = render_markdown(f"| first | second |\n|---|---|\n| {cell} | END |\n")
    body = rendered.split("<tbody>", 1)[1]
    return re.findall(r"<td>(.*?)</td>", body, flags=re.S)


# -- Markdown ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE)
def test_md_cell_stays_in_its_cell(text: str) -> None:
    cells = table_row(md_cell(text))
    assert len(cells) == 2 and cells[1] == "END", cells
    assert_harmless(cells[0], ALLOWED_INLINE)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_md_cell_never_splits_a_row_or_opens_a_tag(text: str) -> None:
    cells = table_row(md_cell(text))
    assert len(cells) == 2 and cells[1] == "END", (text, cells)
    assert_harmless(cells[0], ALLOWED_INLINE)


def test_md_cell_keeps_the_words() -> None:
    cells = table_row(md_cell("a | b <c>\nd"))
    assert html.unescape(cells[0].replace("<br>", "\n").replace("<br />", "\n")) == "a | b <c>\nd"


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("```\n<script>x</script>")
@example("- a\n  ```\n<script>x</script>")
def test_md_text_cannot_leave_its_block(text: str) -> None:
    """Whatever the prose, the paragraph after it is still a paragraph: no fence, HTML block
    or container swallows it, and no tag beyond Markdown's own comes out."""
    rendered = render_markdown(md_text(text) + "\n\nEND\n")
    assert rendered.rstrip("\n").endswith("<p>END</p>"), (text, rendered)
    allowed = ALLOWED_INLINE | {"p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "table", "thead", "tbody", "tr", "th", "td", "blockquote"}
    assert_harmless(rendered, allowed)


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_shows_markup_as_text(text: str) -> None:
    rendered = render_markdown(md_text(text))
    assert "<script" not in rendered and "<img" not in rendered and "<!--" not in rendered
    assert "javascript:" not in "".join(v or "" for _, attrs in tags_of(rendered).tags for _, v in attrs)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_md_inline_is_one_heading(text: str) -> None:
    rendered = render_markdown("## " + md_inline(text) + "\n").strip()
    assert "\n" not in md_inline(text)
    assert re.fullmatch(r"<h2>.*</h2>", rendered, flags=re.S) and rendered.count("<h2>") == 1, (text, rendered)
    assert_harmless(rendered, ALLOWED_INLINE | {"h2"})


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]", " ", text).split())


@settings(max_examples=300, deadline=None)
@given(TEXT.filter(lambda t: _normalised(t).strip()))
def test_md_code_shows_exactly_the_text(text: str) -> None:
    rendered = render_markdown(md_code(text)).strip()
    match = re.fullmatch(r"<p><code>(.*)</code></p>", rendered, flags=re.S)
    assert match, (text, rendered)
    assert html.unescape(match.group(1)) == _normalised(text)


@settings(max_examples=300, deadline=None)
@given(TEXT.filter(lambda t: _normalised(t).strip()))
@example("a|b")
@example("a\\|b")
@example("`|`")
def test_md_cell_code_is_one_code_span_in_one_cell(text: str) -> None:
    cells = table_row(md_cell_code(text))
    assert len(cells) == 2 and cells[1] == "END", (text, cells)
    match = re.fullmatch(r"<code>(.*)</code>", cells[0], flags=re.S)
    assert match, (text, cells)
    if "\\|" not in _normalised(text):  # a backslash right before a pipe gains one more (cosmetic, never a split)
        assert html.unescape(match.group(1)) == _normalised(text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
@example("```\nstill inside\n```")
@example("a\n````json\nb")
def test_md_fence_holds_the_text_verbatim(text: str) -> None:
    rendered = render_markdown(md_fence(text, "json") + "\n\nEND\n")
    match = re.match(r'<pre(?: lang="json")?><code(?: class="language-json")?>(.*?)</code></pre>\n<p>END</p>', rendered, flags=re.S)
    assert match, (text, rendered)
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]", " ", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip("\n")
    assert html.unescape(match.group(1)) == expected + "\n"


# -- HTML ----------------------------------------------------------------------------------
def test_html_prose_structure() -> None:
    out = html_prose("First `code <b>` para\nsame para.\n\n- one\n- two <i>\n\n```\n<script>x</script>\n\n```\nlast")
    assert isinstance(out, markupsafe.Markup)
    assert str(out) == (
        "<p>First <code>code &lt;b&gt;</code> para\nsame para.</p>\n"
        "<ul><li>one</li><li>two &lt;i&gt;</li></ul>\n"
        "<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>\n"
        "<p>last</p>"
    )


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_html_prose_lets_no_markup_through(text: str) -> None:
    out = str(html_prose(text))
    parsed = tags_of(out)
    for tag, attrs in parsed.tags:
        assert tag in {"p", "ul", "li", "pre", "code"} and not attrs, out
    visible = re.sub(r"\s", "", "".join(parsed.data))
    for char in "<>&\"'":
        assert visible.count(char) == re.sub(r"\s", "", text).count(char), (text, out)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_html_id_is_safe_and_one_to_one(text: str) -> None:
    anchor = html_id(text)
    assert re.fullmatch(r"(?:[A-Za-z0-9_-]|\.[0-9a-f]+\.)+|\.empty", anchor), anchor

    def decode(value: str) -> str:
        if value == ".empty":
            return ""
        return re.sub(r"\.([0-9a-f]+)\.", lambda m: chr(int(m.group(1), 16)), value)

    assert decode(anchor) == text
    # The page chrome's ids ("page.main", "<anchor>.title") fall outside that grammar, so
    # no spec name can produce one of them.
    grammar = r"(?:[A-Za-z0-9_-]|\.[0-9a-f]+\.)+"
    assert not re.fullmatch(grammar, anchor + ".title")
    for chrome in ("page.main", "page.nav", "page.search", "page.results", "page.servers", "page.auth", "page.client", "page.resources", "page.schemas", "page.operations"):
        assert not re.fullmatch(grammar, chrome)


def test_html_id_keeps_plain_names() -> None:
    assert html_id("listModels") == "listModels"
    assert html_id("Model_Record-2") == "Model_Record-2"
    assert html_id("Evil.Thing") == "Evil.2e.Thing"
    assert html_id("a<b") != html_id("a>b")


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20))
def test_json_script_cannot_end_a_script(value: object) -> None:
    text = json_script(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


# -- code samples --------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40).filter(lambda t: "\x00" not in t))
def test_sh_quote_is_one_word(text: str) -> None:
    assert shlex.split(sh_quote(text)) == [text]


def test_sh_quote_in_a_real_shell() -> None:
    words = [w for w in HOSTILE if "\x00" not in w]
    script = "printf '%s\\0' " + " ".join(sh_quote(w) for w in words)
    out = subprocess.run(["bash", "-c", script], capture_output=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    assert out.decode("utf-8").split("\0")[:-1] == words


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(JSON, st.integers(min_value=0, max_value=12))
def test_py_literal_is_the_same_value(value: object, indent: int) -> None:
    source = py_literal(json.dumps(value), indent)
    assert ast.literal_eval(source) == value
    # it parses in place too: as an argument at that indentation
    compile("f(\n" + " " * indent + "x=" + source + ",\n)", "<sample>", "eval")


def test_py_literal_layout() -> None:
    assert py_literal('{"a": 1, "b": [true, null]}') == '{"a": 1, "b": [True, None]}'
    long = json.dumps({"name": "x" * 50, "items": ["y" * 30, "z"]})
    assert py_literal(long, 4) == '{\n        "name": "' + "x" * 50 + '",\n        "items": ["' + "y" * 30 + '", "z"],\n    }'
    assert py_literal(json.dumps("it's \"q\"")) == repr("it's \"q\"")


def test_json_pretty_keeps_spec_order() -> None:
    assert json_pretty('{"b": 1, "a": [1]}') == '{\n  "b": 1,\n  "a": [\n    1\n  ]\n}'


def test_status_phrase() -> None:
    assert status_phrase("200") == "OK"
    assert status_phrase("404") == "Not Found"
    assert status_phrase("4XX") == "Client error (4xx)"
    assert status_phrase("default") == "Any other status"
    assert status_phrase("299") == ""


def test_type_parts_links_whole_names_only() -> None:
    names = ("Model", "ModelRecord", "Evil.Thing")
    assert type_parts("[ModelRecord]", names) == [("[", None), ("ModelRecord", "ModelRecord"), ("]", None)]
    assert type_parts("oneOf(Model, Modelx, Evil.Thing)", names) == [
        ("oneOf(", None), ("Model", "Model"), (", Modelx, ", None), ("Evil.Thing", "Evil.Thing"), (")", None)
    ]
    assert type_parts("string", names) == [("string", None)]
    assert type_parts("", ()) == [("", None)]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.lists(st.text(min_size=1, max_size=8), max_size=5))
def test_type_parts_loses_nothing(label: str, names: list[str]) -> None:
    parts = type_parts(label, tuple(names))
    assert "".join(text for text, _ in parts) == label
    assert all(name is None or (name == text and name in names) for text, name in parts)
