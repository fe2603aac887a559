"""Tests of handbook.engines."""
