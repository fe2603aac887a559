"""handbook: one folder of project data in, every move-in publication out."""

__version__ = "0.1.0"
