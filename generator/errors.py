"""Errors the generator reports to its user.

Every error carries a location (file, JSON pointer and, when known, a line) and a hint,
so the CLI can print one line a person can act on. Nothing here prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    file: str
    pointer: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.pointer:
            where += f"#{self.pointer}"
        return where


@dataclass
class Problem:
    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class GeneratorError(Exception):
    """Base class: one or more located problems. Exit code 1."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LoadError(GeneratorError):
    """The document could not be read or parsed (missing file, bad YAML/JSON, limits)."""


class SpecValidationError(GeneratorError):
    """The document parsed but is not a valid OpenAPI 3.0 document, or breaks a house rule."""


class UnsupportedError(GeneratorError):
    """Valid OpenAPI that this generator cannot turn into code; says where and why."""


class ConfigError(GeneratorError):
    """pyproject.toml [tool.generator] or a flag has a bad value."""


class SpecWarning(UserWarning):
    """Valid OpenAPI the generated code handles only approximately (or ignores), with
    its location: issued with `warnings.warn` by the stages, printed by the CLI."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class Drift:
    """Differences between what the generator makes and what is on disk (not an error class)."""

    changed: dict[str, str] = field(default_factory=dict)  # path -> unified diff
    missing: list[str] = field(default_factory=list)  # generated but not on disk
    extra: list[str] = field(default_factory=list)  # on disk but no longer generated

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.extra)
