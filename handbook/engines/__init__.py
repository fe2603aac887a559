"""Wrappers around the rendering engines: each library is called from exactly one module."""
