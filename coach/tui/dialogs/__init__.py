"""Modal dialogs of the coach TUI (one modal per file)."""
