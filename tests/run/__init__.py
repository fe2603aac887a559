"""Tests of handbook.run."""
