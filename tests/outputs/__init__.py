"""Tests of handbook.outputs."""
