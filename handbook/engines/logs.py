"""Collect what an engine logs as a problem: a logger name in, the warnings it logged out.

MkDocs and WeasyPrint report problems (a broken link, CSS they ignore, a
missing image) by logging, not raising. Builds are strict, so the engines
collect these messages while they run and fail the build with them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator


class Collected(logging.Handler):
    """The warning-or-worse messages logged while collecting."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings(name: str, only_handler: bool = False) -> Iterator[Collected]:
    """Collect a logger's warnings without passing them on; with only_handler, silence its other handlers too."""
    logger = logging.getLogger(name)
    collected = Collected()
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers = [collected] if only_handler else logger.handlers + [collected]
    logger.propagate = False
    if only_handler:
        logger.setLevel(logging.WARNING)
    try:
        yield collected
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
