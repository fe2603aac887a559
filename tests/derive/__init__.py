"""Tests of handbook.derive."""
