"""Core: the shared model and the exception tree. Imports no stage."""
from encounters.core.errors import EncountersError
from encounters.core.model import (Account, Claim, Document, FieldView, Incident, Mention, Person, SourcedValue,
                                   Span, Value)

__all__ = ["Account", "Claim", "Document", "EncountersError", "FieldView", "Incident", "Mention", "Person",
           "SourcedValue", "Span", "Value"]
