"""Internet Archive S3 keys for SPN2, from the environment or the ``ia`` client's ia.ini.

Reads environment and files only; must never send, print or log the secret.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sourcebox.errors import ConfigError

ENV_ACCESS = "SOURCEBOX_IA_ACCESS_KEY"
ENV_SECRET = "SOURCEBOX_IA_SECRET_KEY"


@dataclass(frozen=True)
class Credentials:
    """An S3 access key and secret; ``source`` says where they were found."""

    access: str
    secret: str = field(repr=False)
    source: str = ""

    @property
    def authorization(self) -> str:
        """The SPN2 ``Authorization`` header value."""
        return f"LOW {self.access}:{self.secret}"


def ia_config_paths(env: Mapping[str, str], home: Path) -> list[Path]:
    """Where the Internet Archive's command-line client keeps ia.ini, in its search order."""
    paths = [Path(env["IA_CONFIG_FILE"]).expanduser()] if env.get("IA_CONFIG_FILE") else []
    config_home = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
    paths += [config_home / "internetarchive" / "ia.ini", home / ".config" / "ia.ini", home / ".ia"]
    return list(dict.fromkeys(paths))


def _read_ini(path: Path) -> Credentials | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"Cannot read the Internet Archive keys in {path}: {error}.",
            "Fix or remove the file, or set SOURCEBOX_IA_ACCESS_KEY and SOURCEBOX_IA_SECRET_KEY.",
        ) from error
    access = parser.get("s3", "access", fallback="").strip()
    secret = parser.get("s3", "secret", fallback="").strip()
    return Credentials(access, secret, str(path)) if access and secret else None


def load_credentials(
    env: Mapping[str, str] | None = None, home: Path | None = None
) -> Credentials | None:
    """The S3 keys, or None to save anonymously; the environment wins over ia.ini."""
    env = os.environ if env is None else env
    access = env.get(ENV_ACCESS, "").strip()
    secret = env.get(ENV_SECRET, "").strip()
    if access and secret:
        return Credentials(access, secret, "environment")
    if access or secret:
        missing = ENV_SECRET if access else ENV_ACCESS
        raise ConfigError(
            f"Only one of {ENV_ACCESS} and {ENV_SECRET} is set.",
            f"Set {missing} too (see https://archive.org/account/s3.php), or unset both.",
        )
    for path in ia_config_paths(env, home or Path.home()):
        if path.is_file():
            found = _read_ini(path)
            if found is not None:
                return found
    return None
