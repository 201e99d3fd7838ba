"""Settings: one frozen object. Precedence: CLI flag > SOURCEBOX_* env > config.toml > default.

``SOURCEBOX_HOME`` relocates every file (library, config, backups); otherwise the
platform's data and config directories are used. Reads files, opens nothing else.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sourcebox.domain.keys import DEFAULT_PATTERN, check_pattern
from sourcebox.errors import ConfigError

APP_NAME = "sourcebox"
DEFAULT_WAYBACK_URL = "https://web.archive.org"
DEFAULT_STYLE = "chicago-notes"

# Setting name -> (environment variable, config.toml table, config.toml key, default).
_SPEC: dict[str, tuple[str, str | None, str, Any]] = {
    "db": ("SOURCEBOX_DB", None, "db", ""),
    "key_pattern": ("SOURCEBOX_KEY_PATTERN", None, "key_pattern", DEFAULT_PATTERN),
    "style": ("SOURCEBOX_STYLE", "cite", "style", DEFAULT_STYLE),
    "wayback_url": ("SOURCEBOX_WAYBACK_URL", "archive", "wayback_url", DEFAULT_WAYBACK_URL),
    "max_age": ("SOURCEBOX_MAX_AGE", "archive", "max_age", "30d"),
    "backups_keep": ("SOURCEBOX_BACKUPS_KEEP", "backup", "keep", 10),
    "backups_daily": ("SOURCEBOX_BACKUPS_DAILY", "backup", "daily", 7),
}


@dataclass(frozen=True)
class Settings:
    """Every setting sourcebox reads, resolved once; ``sources`` says where each came from."""

    data_dir: Path
    config_dir: Path
    db_url: str
    key_pattern: str = DEFAULT_PATTERN
    style: str = DEFAULT_STYLE
    wayback_url: str = DEFAULT_WAYBACK_URL
    max_age: str = "30d"
    backups_keep: int = 10
    backups_daily: int = 7
    debug: bool = False
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def config_file(self) -> Path:
        """The config.toml path (which may not exist)."""
        return self.config_dir / "config.toml"

    @property
    def backup_dir(self) -> Path:
        """Where automatic and default backups go."""
        return self.data_dir / "backups"

    @property
    def library_path(self) -> Path | None:
        """The SQLite file of the library, or None for a server database."""
        prefix = "sqlite:///"
        if self.db_url.startswith(prefix) and self.db_url != "sqlite:///:memory:":
            return Path(self.db_url[len(prefix) :])
        return None

    def to_json(self) -> dict[str, Any]:
        """The resolved settings and their sources, for ``config show``."""
        return {
            "config_file": str(self.config_file),
            "data_dir": str(self.data_dir),
            "backup_dir": str(self.backup_dir),
            "db": self.db_url,
            "key_pattern": self.key_pattern,
            "style": self.style,
            "wayback_url": self.wayback_url,
            "max_age": self.max_age,
            "backups_keep": self.backups_keep,
            "backups_daily": self.backups_daily,
            "sources": dict(self.sources),
        }


def db_url_for(value: str) -> str:
    """Turn ``--db PATH|URL`` into a SQLAlchemy URL; a path becomes an absolute sqlite URL."""
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return "sqlite:///" + str(path.resolve() if not path.is_absolute() else path)


def _dirs(env: Mapping[str, str]) -> tuple[Path, Path]:
    home = env.get("SOURCEBOX_HOME", "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return root, root
    import platformdirs

    return (
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"Cannot read the config file {path}: {error}.",
            "Fix the TOML syntax, or move the file away to use the defaults.",
        ) from error
    except OSError as error:
        raise ConfigError(f"Cannot read the config file {path}: {error.strerror}.") from error


def _count(value: Any, name: str, sources: Mapping[str, str]) -> int:
    """A whole number >= 0 (a bool from TOML is refused, not read as 0 or 1)."""
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        number = int(value)
    except (TypeError, ValueError) as error:
        raise ConfigError(
            f"The setting {name} must be a whole number ({sources[name]}).",
            "Write 0 or more, e.g. 10.",
        ) from error
    if number < 0:
        raise ConfigError(
            f"The setting {name} must be 0 or more, not {number} ({sources[name]}).",
            "Write 0 or more, e.g. 10.",
        )
    return number


def load_settings(
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    debug: bool = False,
) -> Settings:
    """Resolve every setting from flags (None means unset), environment and config.toml."""
    flags = flags or {}
    env = os.environ if env is None else env
    data_dir, config_dir = _dirs(env)
    config_path = config_dir / "config.toml"
    file_values = _read_file(config_path)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, (variable, table, key, default) in _SPEC.items():
        section: Any = file_values.get(table, {}) if table else file_values
        if flags.get(name) not in (None, ""):
            values[name], sources[name] = flags[name], "flag"
        elif env.get(variable, "").strip():
            values[name], sources[name] = env[variable].strip(), f"env {variable}"
        elif isinstance(section, dict) and key in section:
            values[name], sources[name] = section[key], f"file {config_path}"
        else:
            values[name], sources[name] = default, "default"
    db = str(values.pop("db")) or str(data_dir / "library.db")
    keep = _count(values.pop("backups_keep"), "backups_keep", sources)
    daily = _count(values.pop("backups_daily"), "backups_daily", sources)
    return Settings(
        data_dir=data_dir,
        config_dir=config_dir,
        db_url=db_url_for(db),
        key_pattern=check_pattern(str(values.pop("key_pattern"))),
        style=str(values.pop("style")),
        wayback_url=str(values.pop("wayback_url")).rstrip("/"),
        max_age=str(values.pop("max_age")),
        backups_keep=keep,
        backups_daily=daily,
        debug=debug,
        sources=sources,
    )
