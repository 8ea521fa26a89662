"""The one error type for bad input: the CLI prints ``SKIP path: reason`` and goes on."""
from __future__ import annotations

__all__ = ["InputError"]


class InputError(Exception):
    """A document that cannot be read as text (binary, undecodable, missing)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
