# Generated from spec.yaml; do not edit by hand.
"""One class per resource (tag); the client creates them lazily on first access."""

__all__ = ["files", "jobs"]
