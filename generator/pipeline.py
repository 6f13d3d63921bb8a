"""Compose the stages: load -> validate -> IR -> render -> format. Pure except for
reading the spec; writing and comparing are write.py's and check.py's."""

from __future__ import annotations

import functools
import gc
import json
import warnings
from collections.abc import Callable
from typing import Any

from . import pyast
from .background import Pending, Ready
from .cache import Cache
from .config import Config, named_after
from .conformance import Relaxation, relax
from .errors import GeneratorError, Problem, SpecValidationError, SpecWarning
from .format import SPLIT_MIN_CHARS, format_files, format_module, preload_black
from .ir import build
from .ir.nodes import Api
from .load import Document, load
from .models import cached_models, render_models, warm_up
from .models_layout import format_models
from .render import render, render_docs
from .targets.docs import PARTS as DOC_PARTS
from .surface import Surface, extract
from .validate import MAX_REPORTED, schema_problems, validate

MANIFEST = ".manifest"


# A document up to this size gets its models child forked before it is read: the child pays
# datamodel-code-generator's first-call cost (~240 ms) while this process loads, validates
# and builds, and then receives the IR pickled (our spec: 0.7 MB, 6 ms). A larger one is
# better served by forking after the IR exists (GitHub's: pickling and unpickling 1.1 s).
READY_MAX_BYTES = 2_000_000


def generate_files(config: Config) -> dict[str, str]:
    """Every output file, as {path relative to config.out: text}."""
    ready: Ready[_Outcome] | None = None
    try:
        if config.spec.stat().st_size <= READY_MAX_BYTES:
            ready = Ready(_models, _warm_up)
    except OSError:
        pass  # load() reports it
    try:
        return _generate_files(config, ready)
    finally:
        if ready is not None:
            ready.cancel()  # not started: the models came from the cache, or the run failed


def _generate_files(config: Config, ready: Ready[_Outcome] | None) -> dict[str, str]:
    cache = Cache(config.cache_dir)
    document = load(config.spec, cache)
    verdict = cache.key("valid", _validity_text(document.data))  # the key covers the code and library versions
    cached = cache.get("valid", verdict)
    pending: Pending[list[Problem]] | None = None
    if cached is None:
        validated = validate(document, defer_schema_check=True)
        relaxations = validated.relaxations
        document = validated.document
        pending = Pending(schema_problems, document)  # the slow check, on the other core
    else:  # the same document was valid before: only its conformance problems are needed again
        relaxations = [Relaxation(p, Problem(document.locate(at), message, hint), item, add) for p, item, add, at, message, hint in json.loads(cached)]
        document = relax(document, relaxations)
    models: Pending[_Outcome] | None = None
    docs: list[Pending[_Outcome]] = []
    try:
        for relaxation in relaxations:  # __main__ prints them, or refuses the document when strict
            warnings.warn(SpecWarning(relaxation.problem), stacklevel=2)
        api = build(document)
        # The document and the IR live until the end: keep them out of every later garbage
        # collection (rendering GitHub's description: 11.2 s -> 9.0 s) and off the pages the
        # forked children would otherwise copy when a collection touches them.
        gc.freeze()
        config = named_after(config, api.title if (document.data.get("info") or {}).get("title") else "")
        stable: set[str] = set()
        cached = cached_models(api, config.package_name, cache)
        if cached is None:
            # datamodel-code-generator (most of a cold run) goes to the other core while the
            # templates render; see _models.
            models = ready.start(api, config, cache) if ready is not None else Pending(_models, api, config, cache)
        result = functools.partial(_models_result, models) if models is not None else (lambda: (cached or "", None))
        if models is None:
            # The models came from the cache (after an edit, say): the reference renders in two
            # children (its Markdown pages, its site) beside the client, where it was ~190 ms of
            # a 0.6 s run. When the models are being made, this process renders it while it
            # would otherwise wait for them, and more children would only crowd the 2 cores.
            # The Markdown child also writes the client's API.md (the models module is known).
            docs = [Pending(_captured, render_docs, api, config, cache, document.data, None, (part,), cached if part == "markdown" else None)
                    for part in DOC_PARTS]
        rendered = render(api, config, cache, stable, models=result, docs=[functools.partial(_replay, d) for d in docs] or None,
                          spec=document.data, api_md=not docs)
        files = format_files(rendered, config.package_name, cache, skip=stable)
    except Exception:
        for child in (models, *docs):
            if child is not None:
                child.cancel()
        # An invalid document may also break a later stage; the validator's finding is the
        # cause to report, as if it had run first.
        if pending is not None:
            _refuse_if_invalid(pending)
        raise
    except BaseException:  # interrupted: do not wait for the check
        children: list[Pending[Any] | None] = [models, *docs, pending]
        for child in children:
            if child is not None:
                child.cancel()
        raise
    finally:
        gc.unfreeze()  # a caller that generates again in this process (the tests) gets the memory back
        pyast.forget()
    if pending is not None:
        _refuse_if_invalid(pending)
        cache.put("valid", verdict, json.dumps([[r.pointer, r.item, r.add, r.problem.location.pointer, r.problem.message, r.problem.hint] for r in relaxations]))
    listing = "\n".join(sorted(files))
    by = f" by {config.tool_name}" if config.tool_name else ""
    files[MANIFEST] = f"# Files generated{by} from {api.spec_name}; the generator prunes only these.\n{listing}\n"
    return files


# a value or the located problems, and the warnings raised on the way
_Outcome = tuple[Any, tuple[type[GeneratorError], list[Problem]] | None, list[tuple[Problem | None, type[Warning], str]]]


def _captured(function: Callable[..., Any], *args: Any) -> _Outcome:
    """`function(*args)` for a forked child: errors and warnings come back as plain data,
    raised and re-warned in the parent where the value is needed (_replay), so what the
    user sees does not depend on where the work ran."""
    with warnings.catch_warnings(record=True) as caught:  # the parent's filters, inherited
        try:
            value, error = function(*args), None
        except GeneratorError as exc:
            value, error = None, (type(exc), exc.problems)
    notes = [(w.message.problem if isinstance(w.message, SpecWarning) else None, w.category, str(w.message)) for w in caught]
    return value, error, notes


def _replay(child: Pending[_Outcome]) -> Any:
    value, error, notes = child.result()
    for problem, category, text in notes:
        warnings.warn(SpecWarning(problem) if problem is not None else category(text), stacklevel=2)
    if error is not None:
        kind, problems = error
        raise kind(problems)
    return value


def _models(api: Api, config: Config, cache: Cache) -> _Outcome:
    return _captured(_models_and_layout, api, config, cache)


def _models_and_layout(api: Api, config: Config, cache: Cache) -> tuple[str, str | None]:
    """The models module (datamodel-code-generator's output), made in a child process, and
    laid out there too when black's share is small (our spec: 20 KB, 0.1 s): done before the
    parent needs it, while the parent still renders templates. A larger share waits for the
    parent's parallel black workers (a daemon child has none)."""
    code = render_models(api, config.package_name, cache)
    if len(code) > 4 * SPLIT_MIN_CHARS:
        return code, None
    return code, format_models(code, lambda text: format_module(text, config.package_name, cache, parallel=False), max_black_chars=SPLIT_MIN_CHARS)


def _warm_up() -> None:
    warm_up()
    preload_black()


def _models_result(models: Pending[_Outcome]) -> tuple[str, str | None]:
    preload_black()  # the wait is idle time: the format stage's workers then start with black loaded
    value: tuple[str, str | None] = _replay(models)
    return value


def surface_of(document: Document, config: Config) -> Surface:
    """The public surface of the client the document gives (for `diff`)."""
    api = build(validate(document).document)  # conformance problems relaxed, as generate does
    return extract(api, config.package_name, render_models(api, config.package_name, Cache(config.cache_dir)))


def _refuse_if_invalid(pending: Pending[list[Problem]]) -> None:
    problems = pending.result()
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED]) from None


def _validity_text(data: object) -> str:
    """The document as canonical JSON with the text of every `description` and `summary`
    blanked. In OpenAPI 3.0 those fields accept any string, so two documents that differ
    only there are equally valid: editing prose does not pay for a full validation again.
    A non-string value is kept, so a wrongly typed description is still caught."""

    def blank(node: object) -> object:
        if isinstance(node, dict):
            return {k: "" if k in ("description", "summary") and isinstance(v, str) else blank(v) for k, v in node.items()}
        if isinstance(node, list):
            return [blank(v) for v in node]
        return node

    return json.dumps(blank(data), sort_keys=True, ensure_ascii=False, default=str)
