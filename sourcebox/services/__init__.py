"""Use cases shared by the CLI and the TUI: they take a session and return plain values.

Services never render and never commit: the caller's session scope does
(``Library.session()``), so one command or one TUI action is one transaction.
"""
