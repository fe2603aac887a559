"""Static layers kept between builds: a folder of layers in, the layers of the keys asked for out.

A rebuild of a few units (a changed row, --unit) needs the static layers of
their kinds of page; laying them out again costs more than the units' own
words. The build that laid them out leaves them here, each by the key it
was wanted by (layers.Document.key: the stylesheet and the section's HTML
without its words), its PDF once per document it was laid out in.

A key names its content, but not the fonts or the engine that laid it out:
the caller gives a folder per fingerprint of what the pages share
(outputs/per_unit.py shared_fingerprint), as it does for the units' files.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path

from .layers import Layer, Slot

SOURCE = ".layers"  # a document's PDF (not .pdf: the folder sits among the output's PDFs, none of them)


class LayerCache:
    """Layers kept in a folder (None: none kept), by the key each was wanted by."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._pdfs: dict[str, bytes] = {}

    def get(self, key: str) -> Layer | None:
        """Return the layer kept for a key, or None."""
        if self.folder is None:
            return None
        try:
            fields = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            source = fields["source"]
            if source not in self._pdfs:
                self._pdfs[source] = (self.folder / f"{source}{SOURCE}").read_bytes()
            return Layer(fields["key"], source, self._pdfs[source], fields["first"], fields["pages"],
                         tuple(fields["origin"]), tuple(Slot(**slot) for slot in fields["slots"]))
        except (OSError, ValueError, KeyError, TypeError):  # none kept, or a file of another version
            return None

    def put(self, found: dict[str, Layer]) -> None:
        """Keep layers by the keys they were wanted by."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, layer in found.items():
            pdf = self.folder / f"{layer.source}{SOURCE}"
            if not pdf.is_file():
                _write(pdf, layer.pdf)
            fields = asdict(replace(layer, pdf=b""))
            del fields["pdf"]
            _write(self.folder / f"{key}.json", json.dumps(fields).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    """Write by renaming a new file over the old one: a staged hard link to the last build's file stays as it was."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
