"""Reusable widgets of the coach TUI."""
