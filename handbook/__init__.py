"""handbook: one folder of project data in, every move-in publication out.

The package is layered; a module imports only from its own layer and those
below it (tests/test_layers.py checks it), lowest first:

- i18n: languages, message catalogues, script conversion, wrapping, numerals, the Edition type
- errors, repo: the error with a place; where the shared inputs live
- engines: every third-party engine, each wrapped in one module; forking and the collector
- model: the data model (pydantic), nothing else
- derive: what the data implies: public and staff views, fees, packets, words for display
- source: reading a project folder: discover, load, validate, unit lists, pages, editions
- outputs: one module per output, and what they share (the print recipe, the content site)
- run: a build (gather -> plan -> render -> audit -> commit) and `check`
- commands: the command line and the commands beside build
"""

__version__ = "0.1.0"
