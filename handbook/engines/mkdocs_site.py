"""Build one MkDocs site in-process: a generated config dict in, a built site folder out.

Every MkDocs call of the package is here, so the site builder can be swapped
(e.g. for Zensical) in one place. The generated config INHERITs the
repository's mkdocs.yml; it is written beside the docs folder with absolute
paths, so relative paths in the base resolve as they would for the base.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import jieba
import material
import yaml
from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..errors import BuildFailed, Said
from ..i18n.wrapping import load_domain_words
from .jinja_cache import COMPILED
from .logs import collect_warnings

jieba.setLogLevel(logging.WARNING)  # Material's search segments Chinese with jieba; keep its chatter off the console
# Our MkDocs hooks (the theme's filters), named in every generated config: `mkdocs build -f` on it builds the same.
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Fix the sitemap dates to the data's revision, so rebuilds are byte-identical."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def keep_compiled_templates(theme) -> None:
    """Give the environments MkDocs makes for this theme the worker's cache of compiled templates."""
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = COMPILED
        return env

    theme.get_env = get_env


def build_site(base_config: Path, config: dict[str, Any], config_path: Path, epoch: int) -> None:
    """Write config (which INHERITs base_config) to config_path and build the site it describes."""
    load_domain_words()  # Material's search segments pages with jieba's default tokenizer
    config = {"INHERIT": str(base_config.resolve()), **config, "hooks": [str(HOOKS)]}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with collect_warnings("mkdocs", only_handler=True) as logs, _source_date_epoch(epoch):
        try:
            mkdocs_config = load_config(config_file=str(config_path))
            # The name comes escaped (the theme prints it raw in text); as Markup, Material's `| e` in the logo's
            # title keeps it as it is instead of escaping it twice (&amp;amp;).
            mkdocs_config["site_name"] = Markup(mkdocs_config["site_name"])
            if mkdocs_config["site_description"]:  # comes escaped too (the head prints it in attributes)
                mkdocs_config["site_description"] = Markup(mkdocs_config["site_description"])
            keep_compiled_templates(mkdocs_config.theme)
            build(mkdocs_config)
        except (Abort, ConfigurationError) as exc:
            details = "; ".join(logs.messages) or str(exc)
            raise BuildFailed(Said("refusal.site_engine", details=details)) from None


def theme_assets() -> Path:
    """Return the folder of the files Material ships as they are (scripts, styles, source maps)."""
    return Path(material.__file__).parent / "templates" / "assets"
