"""Tests of the handbook package, in folders mirroring its layers; shared helpers in conftest."""
