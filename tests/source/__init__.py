"""Tests of handbook.source."""
