"""Tests of handbook.i18n."""
