"""Compose the stages: load -> validate -> IR -> render -> format. Pure except for
reading the spec; writing and comparing are write.py's and check.py's."""

from __future__ import annotations

import json
import warnings

from .background import Pending
from .cache import Cache
from .config import Config, named_after
from .conformance import Relaxation, relax
from .errors import Problem, SpecValidationError, SpecWarning
from .format import format_files
from .ir import build
from .load import Document, load
from .models import render_models
from .render import render
from .surface import Surface, extract
from .validate import MAX_REPORTED, schema_problems, validate

MANIFEST = ".manifest"


def generate_files(config: Config) -> dict[str, str]:
    """Every output file, as {path relative to config.out: text}."""
    cache = Cache(config.cache_dir)
    document = load(config.spec)
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
    try:
        for relaxation in relaxations:  # __main__ prints them, or refuses the document when strict
            warnings.warn(SpecWarning(relaxation.problem), stacklevel=2)
        api = build(document)
        config = named_after(config, api.title if (document.data.get("info") or {}).get("title") else "")
        stable: set[str] = set()
        rendered = render(api, config, cache, stable)
        files = format_files(rendered, config.package_name, cache, skip=stable)
    except Exception:
        # An invalid document may also break a later stage; the validator's finding is the
        # cause to report, as if it had run first.
        if pending is not None:
            _refuse_if_invalid(pending)
        raise
    except BaseException:  # interrupted: do not wait for the check
        if pending is not None:
            pending.cancel()
        raise
    if pending is not None:
        _refuse_if_invalid(pending)
        cache.put("valid", verdict, json.dumps([[r.pointer, r.item, r.add, r.problem.location.pointer, r.problem.message, r.problem.hint] for r in relaxations]))
    listing = "\n".join(sorted(files))
    by = f" by {config.tool_name}" if config.tool_name else ""
    files[MANIFEST] = f"# Files generated{by} from {api.spec_name}; the generator prunes only these.\n{listing}\n"
    return files


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
