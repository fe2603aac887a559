"""Compiled Jinja templates kept in memory for the life of a build worker.

MkDocs makes a new Jinja environment for every site it builds, and our
outputs make theirs per render, so each build compiled Material's theme
templates and our own again: about half a second per site. The cache maps a
template to its compiled code, checked against the template's source, so an
edited template is compiled afresh.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.compiled.clear()


COMPILED = MemoryBytecodeCache()  # one per process: workers are separate processes
