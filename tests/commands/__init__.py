"""Tests of handbook.commands."""
