"""The TUI's own widgets: results table, details pane, creators editor."""
