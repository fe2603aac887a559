"""Serialise each PDF stream once per write, not twice.

pydyf (WeasyPrint's PDF writer) builds a stream's bytes, compressing them at
zlib level 9, every time its `data` is read. Writing a PDF with an identifier
reads every object twice: once to write it, once more to hash the whole file
for the /ID. So every page's content, every font and every image was joined
and compressed twice: about a tenth of writing a guide or a chunk of notices.

While PDF.write runs, the first serialisation of each stream is kept and
handed out again; nothing changes a stream once writing has begun, and the
memo is dropped when the write ends. The bytes written are the same.
"""

from __future__ import annotations

import threading

import pydyf

_serialise = pydyf.Stream.data.fget
_write = pydyf.PDF.write
_memo = threading.local()


def _data(stream: pydyf.Stream) -> bytes:
    memo = getattr(_memo, "streams", None)
    if memo is None:
        return _serialise(stream)
    kept = memo.get(id(stream))
    if kept is None or kept[0] is not stream:
        kept = memo[id(stream)] = (stream, _serialise(stream))  # the stream kept alive: its id stays its own
    return kept[1]


def _write_once(pdf: pydyf.PDF, *args, **kwargs):
    _memo.streams = {}
    try:
        return _write(pdf, *args, **kwargs)
    finally:
        _memo.streams = None


def install() -> None:
    """Make every pydyf write in this process serialise each stream once (idempotent)."""
    if pydyf.PDF.write is not _write_once:
        pydyf.Stream.data = property(_data)
        pydyf.PDF.write = _write_once
