"""A site's card: what the portal lists of each project site (its name, address, languages, address online, company).

The site output writes it into each site's root; the portal reads every
card under dist/public, from one build or many shards. It holds public
facts only: the company is its id (companies/<id>/, or null for a project
without one) and its name as the project's primary edition writes it
(`property_company`), by which the portal groups the sites.
"""

from __future__ import annotations

import json

PROJECT_CARD = "handbook.json"  # written into each site's root by the site output


def project_card(name: str, address: str, languages: list[str], url: str, revision: str, *,
                 company: str | None = None, property_company: str | None = None) -> str:
    """Return the public description of a site that the portal lists."""
    return json.dumps({"name": name, "address": address, "languages": languages, "url": url,
                       "revision": revision, "company": company, "property_company": property_company},
                      ensure_ascii=False, indent=1)
