"""The formatter's errors: an unknown style, format or option. Pure: no I/O."""

from __future__ import annotations

from sourcebox.errors import SourceboxError


class CiteError(SourceboxError):
    """A citation request the formatter cannot honour."""


class UnknownStyleError(CiteError):
    """A style name that is not one of the known styles."""

    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(
            f"Unknown citation style {name!r}.",
            f"Use one of: {', '.join(known)}.",
        )


class UnknownOptionError(CiteError):
    """An option value (a format, an archive-links mode) outside its choices."""

    def __init__(self, option: str, value: str, known: tuple[str, ...]) -> None:
        self.option = option
        self.value = value
        self.known = known
        super().__init__(
            f"Unknown {option} {value!r}.",
            f"Use one of: {', '.join(known)}.",
        )
