"""A site's card: what the portal lists of each project site (its name, address, languages, address online).

The site output writes it into each site's root; the portal reads every
card under dist/public, from one build or many shards.
"""

from __future__ import annotations

import json

PROJECT_CARD = "handbook.json"  # written into each site's root by the site output


def project_card(name: str, address: str, languages: list[str], url: str, revision: str) -> str:
    """Return the public description of a site that the portal lists."""
    return json.dumps({"name": name, "address": address, "languages": languages, "url": url,
                       "revision": revision}, ensure_ascii=False, indent=1)
