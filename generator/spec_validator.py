"""Run openapi-spec-validator over the whole document and turn each of its errors into a
located Problem.

The validator reports errors of two kinds. Those from the OpenAPI 3.0 JSON schema carry
a path from the document's root. Those from its keyword validators (a schema checked
against the schema meta-schema, a default checked against its schema, an operation's
path parameters) carry a path relative to the node they checked, or none at all. Each
keyword validator is wrapped here so that its errors remember that node's real pointer
(following the `$ref`s the validator followed); a relative path is then appended to it,
never reported as if it started at the root.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import pointer as jp
from .errors import Problem
from .load import Document

_AT = "_generator_pointer"  # attribute holding the real pointer of the node an error is relative to


def _located(cls: type, keyword: str) -> type:
    """`cls` (a keyword validator class) whose errors remember the node they are about."""

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        from jsonschema_path.paths import SchemaPath
        from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

        node = next((a for a in args if isinstance(a, SchemaPath)), None)
        base: str | None = None  # found on the first error only: most nodes have none
        for error in cls.__call__(self, *args, **kwargs):
            if getattr(error, _AT, None) is None:
                if base is None:
                    base = jp.follow(self.registry.document, node.parts) if node is not None else ""
                    if keyword == "default":
                        base += "/default"
                if not isinstance(error, OpenAPIValidationError):
                    error = OpenAPIValidationError.create_from(error)
                if type(error).__name__ == "ExtraParametersError":
                    base_here = f"{base}/required"
                else:
                    base_here = base
                setattr(error, _AT, base_here)
            yield error

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        cls.__init__(self, *args, **kwargs)  # type: ignore[misc]  # cls is the validator class being wrapped
        for name in _ID_LISTS:
            if type(getattr(self, name, None)) is list:
                setattr(self, name, _Seen(getattr(self, name)))

    return type(f"Located{cls.__name__}", (cls,), {"__call__": __call__, "__init__": __init__})


# The schema validator remembers the schemas it has checked as lists of ids and asks
# `id in list` once per schema: quadratic in the number of schemas (half of its time on
# GitHub's description). _Seen answers the same questions from a set.
_ID_LISTS = ("visited_schema_ids", "meta_checked_schema_ids")


class _Seen(list):  # type: ignore[type-arg]
    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        self._ids = set(items)

    def append(self, item: Any) -> None:
        super().append(item)
        self._ids.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


def _validator(data: Any) -> Any:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    class LocatedValidator(OpenAPIV30SpecValidator):
        keyword_validators = {k: _located(v, k) for k, v in OpenAPIV30SpecValidator.keyword_validators.items()}

    validator = LocatedValidator(data)
    validator.keyword_validators_registry.document = data  # type: ignore[attr-defined]  # read by _located
    return validator


def schema_errors(doc: Document) -> Iterator[Problem]:
    """Every problem openapi-spec-validator finds, once each, at its real location."""
    try:
        errors = list(_validator(doc.data).iter_errors())
    except RecursionError:
        yield Problem(doc.locate(""), "the document is too deeply nested to validate", "flatten it with $ref")
        return
    except Exception as exc:  # the validator raises on shapes it cannot walk
        yield Problem(doc.locate(""), f"openapi-spec-validator could not check the document: {type(exc).__name__}: {str(exc)[:300]}",
                      "fix the problems reported above first")
        return
    seen: set[str] = set()
    for error in errors:
        base = getattr(error, _AT, None)
        specific = _most_specific(error)
        tokens = list(getattr(specific, "absolute_path", []) or [])
        # A keyword validator's path is relative to the node it checked; the JSON schema's is absolute.
        where = jp.join(base, *tokens) if base is not None else jp.build(tokens)
        message = str(getattr(specific, "message", specific)).split("\n", 1)[0]
        if where in seen:  # the JSON schema and a keyword validator often find the same thing (in other words)
            continue
        seen.add(where)
        if message.startswith("Operation ID ") and message.endswith(" is not unique"):
            continue  # the house rules report it with the operation's location
        if message.startswith("Duplicate parameter ") or (where.endswith("/parameters") and message.endswith("has non-unique elements")):
            continue  # likewise, naming the parameter declared twice
        if len(message) > 300:
            message = message[:300] + "..."
        yield Problem(doc.locate(where), message, _hint(where, message))


def _hint(where: str, message: str) -> str:
    if where.endswith("/default"):
        return "make the default a value its schema accepts, or remove it"
    if "was not resolved" in message:
        return "declare every {name} of the path as an `in: path` parameter, and put no query string in the path"
    return "see the OpenAPI 3.0 specification for this object"


def _most_specific(error: Any) -> Any:
    """For "is not valid under any of the given schemas" (a schema or a $ref, say), the
    deepest reason inside it; an alternative that merely lacks `$ref` explains nothing."""
    while getattr(error, "context", None):
        reasons = [c for c in error.context if c.message != "'$ref' is a required property"]
        if not reasons:
            break
        error = max(reasons, key=lambda c: len(list(c.absolute_path)))
    return error
