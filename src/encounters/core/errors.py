"""The one exception tree of encounters.

In: nothing. Out: ``EncountersError`` and its subclasses. Every error a stage raises on
purpose is one of these, carrying a message for people and an optional ``hint`` saying what
to do about it; the CLI and the web app turn them into a clear message instead of a traceback.
"""
from __future__ import annotations


class EncountersError(Exception):
    """Root of every error encounters raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(EncountersError):
    """An input file or record cannot be read as an article."""

    def __init__(self, message: str, *, source: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class EmptyInputError(InputError):
    """The file or record holds no article text."""


class BinaryInputError(InputError):
    """The file is not text (an image, an archive, a binary blob)."""


class TooLargeError(InputError):
    """The file is over the size limit for one article."""


class MalformedRecordError(InputError):
    """A structured record (a JSON Lines line, a feed entry) cannot be parsed."""


class UnsupportedInputError(InputError):
    """No reader knows this kind of file."""


class ExtractionError(EncountersError):
    """An extractor failed on a document."""


class StoreError(EncountersError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(EncountersError):
    """An id names nothing in the database."""


class ConfigurationError(EncountersError):
    """A setting, an option or an installed component is missing or wrong."""


class ConflictError(EncountersError):
    """Someone else changed the record since it was read (optimistic locking)."""


class AccessError(EncountersError):
    """The user is not logged in, or may not do this."""


class ThrottledError(AccessError):
    """Too many failed logins (for the account or from the address), or too many at once: wait."""

    def __init__(self, message: str, *, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after
