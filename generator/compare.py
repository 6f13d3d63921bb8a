"""Compare two public surfaces (generator/surface.py) and say which changes break callers.

The rules follow oasdiff's breaking-change checks, judged at the Python surface that a team
vendoring the client sees:

breaking: a resource, method, parameter, type, field or enum member removed (a rename is a
removal plus an addition); a parameter newly required (or a new required parameter); a
request body newly required; a parameter's, body's or request field's type changed other
than widened; a response field's type changed other than narrowed; a field of a type that
methods send newly required; a method's return type changed; a type's kind or bases changed.

compatible: anything added (optional parameters, methods, types, fields, enum members); a
required parameter or field made optional where callers only send it; a type widened where
callers send it or narrowed where they only read it; a method deprecated.

Pure functions; the CLI prints the report and picks the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .surface import REQUEST, RESPONSE, FieldDef, Method, Param, Surface, TypeDef, split_top_level

BREAKING, COMPATIBLE = "breaking", "compatible"


@dataclass(frozen=True)
class Change:
    level: str  # BREAKING or COMPATIBLE
    where: str  # `client.models.get_model(model_id)`, `types.Foo.bar`
    what: str  # "removed", "type changed: int -> str", ...


def compare(old: Surface, new: Surface) -> list[Change]:
    changes: list[Change] = []
    old_resources, new_resources = dict(old.resources), dict(new.resources)
    for attr in old_resources:
        if attr not in new_resources:
            changes.append(Change(BREAKING, f"client.{attr}", "resource removed"))
    for attr in new_resources:
        if attr not in old_resources:
            changes.append(Change(COMPATIBLE, f"client.{attr}", "resource added"))
    old_methods = {m.key: m for m in old.methods}
    new_methods = {m.key: m for m in new.methods}
    for key, method in old_methods.items():
        if key not in new_methods:
            if method.resource in new_resources:
                changes.append(Change(BREAKING, key, "method removed"))
        else:
            changes.extend(_method(method, new_methods[key]))
    for key in new_methods:
        if key not in old_methods:
            changes.append(Change(COMPATIBLE, key, "method added"))
    old_types = {t.name: t for t in old.types}
    new_types = {t.name: t for t in new.types}
    for name, t in old_types.items():
        if name not in new_types:
            changes.append(Change(BREAKING, f"types.{name}", "type removed"))
        else:
            changes.extend(_type(t, new_types[name]))
    for name in new_types:
        if name not in old_types:
            changes.append(Change(COMPATIBLE, f"types.{name}", "type added"))
    return changes


def _members(annotation: str) -> set[str]:
    """The members of a union annotation, `A | B | None` -> {A, B, None} (Literal values too)."""
    text = annotation.strip()
    for prefix in ("Literal[",):
        if text.startswith(prefix) and text.endswith("]") and "|" not in text:
            return {f"Literal:{v.strip()}" for v in split_top_level(text[len(prefix):-1], ",")}
    out: set[str] = set()
    for part in split_top_level(text, "|"):
        out |= _members(part) if part.startswith("Literal[") else {part}
    return out


def _type_change(old: str, new: str, sent: bool, read: bool) -> str | None:
    """BREAKING or COMPATIBLE for an annotation that changed from `old` to `new`, for a value
    callers send (`sent`) and/or read (`read`); None when it did not change."""
    if old == new:
        return None
    before, after = _members(old), _members(new)
    widened, narrowed = before < after, after < before
    if widened and not read or narrowed and not sent:
        return COMPATIBLE
    return BREAKING


def _signature_param(param: Param) -> str:
    return f"{param.name}" if param.positional else f"{param.name}="


def _method(old: Method, new: Method) -> list[Change]:
    out: list[Change] = []
    where = old.key
    if old.returns != new.returns:
        out.append(Change(BREAKING, where, f"return type changed: {old.returns} -> {new.returns}"))
    before = {p.name: p for p in old.params}
    after = {p.name: p for p in new.params}
    for name, p in before.items():
        q = after.get(name)
        label = f"{where}({_signature_param(p)})"
        if q is None:
            out.append(Change(BREAKING, label, "parameter removed"))
            continue
        if p.positional != q.positional:
            out.append(Change(BREAKING, label, "parameter moved between positional and keyword"))
        if q.required and not p.required:
            out.append(Change(BREAKING, label, "parameter newly required"))
        elif p.required and not q.required:
            out.append(Change(COMPATIBLE, label, "parameter now optional"))
        level = _type_change(p.type, q.type, sent=True, read=False)
        if level is not None:
            out.append(Change(level, label, f"type changed: {p.type} -> {q.type}"))
    positional_before = [p.name for p in old.params if p.positional]
    positional_after = [p.name for p in new.params if p.positional]
    if positional_before != positional_after[: len(positional_before)] and set(positional_before) <= set(positional_after):
        out.append(Change(BREAKING, where, f"positional parameters reordered: {', '.join(positional_after)}"))
    for name, q in after.items():
        if name not in before:
            label = f"{where}({_signature_param(q)})"
            if q.required:
                out.append(Change(BREAKING, label, "required parameter added"))
            else:
                out.append(Change(COMPATIBLE, label, "optional parameter added"))
    if new.deprecated and not old.deprecated:
        out.append(Change(COMPATIBLE, where, "method deprecated"))
    return out


def _type(old: TypeDef, new: TypeDef) -> list[Change]:
    out: list[Change] = []
    where = f"types.{old.name}"
    if old.kind != new.kind:
        return [Change(BREAKING, where, f"kind changed: {old.kind} -> {new.kind}")]
    if set(old.bases) - set(new.bases):
        out.append(Change(BREAKING, where, f"no longer extends {', '.join(sorted(set(old.bases) - set(new.bases)))}"))
    sent = REQUEST in new.usage or REQUEST in old.usage
    read = RESPONSE in new.usage or RESPONSE in old.usage or not (new.usage or old.usage)
    level = _type_change(old.alias, new.alias, sent, read) if old.alias or new.alias else None
    if level is not None:
        out.append(Change(level, where, f"holds {new.alias or 'nothing'} (was {old.alias or 'nothing'})"))
    out.extend(_fields(where, old.fields, new.fields, sent, read))
    before = {m.name: m.value for m in old.members}
    after = {m.name: m.value for m in new.members}
    for name, value in before.items():
        if name not in after:
            scope = " from a request" if sent else ""
            out.append(Change(BREAKING, f"{where}.{name}", f"enum member removed{scope} ({value})"))
        elif after[name] != value:
            out.append(Change(BREAKING, f"{where}.{name}", f"enum value changed: {value} -> {after[name]}"))
    for name, value in after.items():
        if name not in before:
            out.append(Change(COMPATIBLE, f"{where}.{name}", f"enum member added ({value})"))
    return out


def _fields(where: str, old: tuple[FieldDef, ...], new: tuple[FieldDef, ...], sent: bool, read: bool) -> list[Change]:
    out: list[Change] = []
    before = {f.name: f for f in old}
    after = {f.name: f for f in new}
    for name, f in before.items():
        g = after.get(name)
        label = f"{where}.{name}"
        if g is None:
            out.append(Change(BREAKING, label, "field removed"))
            continue
        if g.wire != f.wire:
            out.append(Change(BREAKING, label, f"wire name changed: {f.wire} -> {g.wire}"))
        if g.required and not f.required:
            out.append(Change(BREAKING if sent else COMPATIBLE, label, "field newly required"))
        elif f.required and not g.required:
            out.append(Change(BREAKING if read else COMPATIBLE, label, "field now optional"))
        level = _type_change(f.type, g.type, sent, read)
        if level is not None:
            out.append(Change(level, label, f"type changed: {f.type} -> {g.type}"))
    for name, g in after.items():
        if name not in before:
            required = g.required and sent
            out.append(Change(BREAKING if required else COMPATIBLE, f"{where}.{name}", "required field added" if required else "field added"))
    return out


def report(changes: list[Change], limit: int = 40) -> str:
    """A summary that fits one screen: breaking changes first, then compatible ones."""
    breaking = [c for c in changes if c.level == BREAKING]
    compatible = [c for c in changes if c.level == COMPATIBLE]
    lines = []
    for title, group in (("BREAKING", breaking), ("compatible", compatible)):
        if not group:
            continue
        lines.append(f"{title} ({len(group)}):")
        shown = group[:limit] if title == "BREAKING" else group[: max(5, limit - len(breaking))]
        lines.extend(f"  {c.where}: {c.what}" for c in shown)
        if len(group) > len(shown):
            lines.append(f"  ... and {len(group) - len(shown)} more")
    lines.append(f"public surface: {len(breaking)} breaking, {len(compatible)} compatible change(s)")
    return "\n".join(lines)
