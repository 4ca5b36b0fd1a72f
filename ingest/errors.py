"""Domain errors. They know nothing of HTTP or the CLI; the service layer maps them.

Each class states how a shell reports it: `http_status` for the HTTP service and `exit_code` for
the command line (1: a file could not be read or a protocol was not found, 2: wrong usage, such
as an empty question or a reversed date range, 3: the index cannot be used right now). The service's
error handler and the CLI read these attributes; nothing keys statuses by name.
"""

from __future__ import annotations


class ProtokollError(Exception):
    """Base for every error a user can cause and should be told about in words."""

    code = "error"
    http_status = 400
    exit_code = 1


class InvalidInput(ProtokollError):
    """A question, filter or limit outside what the service accepts: wrong usage."""

    code = "invalid_input"
    exit_code = 2


class NotFound(ProtokollError):
    """No protocol with the id asked for."""

    code = "not_found"
    http_status = 404


class Unavailable(ProtokollError):
    """The index cannot serve now (its folder or write lease is held elsewhere, or it was built
    with another model): retrying later or changing settings helps, changing the input does not."""

    http_status = 503
    exit_code = 3


class ReadError(ProtokollError):
    """A file could not be read as a protocol. The message names the file."""

    code = "unreadable_file"
    http_status = 422

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(ReadError):
    code = "unsupported_file_type"
    http_status = 415
