"""Full screens of the coach TUI (one per file)."""
