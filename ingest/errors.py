"""Domain errors. They know nothing of HTTP or the CLI; the service layer maps them."""

from __future__ import annotations


class ProtokollError(Exception):
    """Base for every error a user can cause and should be told about in words."""

    code = "error"


class ReadError(ProtokollError):
    """A file could not be read as a protocol. The message names the file."""

    code = "unreadable_file"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(ReadError):
    code = "unsupported_file_type"
