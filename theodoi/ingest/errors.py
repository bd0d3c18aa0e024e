"""Errors raised by the ingestion pipeline (messages are Vietnamese, shown to users)."""

from __future__ import annotations


class IngestError(Exception):
    """A document could not be read or understood; ``str(err)`` is a Vietnamese message."""
