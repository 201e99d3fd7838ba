"""The Textual front end: renders what the services return; no SQL and no network code of its own.

``sourcebox.tui.app.make_app(settings)`` builds the application; the CLI's ``tui``
command runs it.
"""
