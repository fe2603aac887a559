"""The data model: what an editor keeps per project, declared once as typed classes."""

from .project import Project

__all__ = ["Project"]
