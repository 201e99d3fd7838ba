"""S3 keys from the environment or the Internet Archive client's ia.ini."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcebox.archive.credentials import load_credentials
from sourcebox.errors import ConfigError

INI = "[s3]\naccess = file-access\nsecret = file-secret\n"


def test_environment(tmp_path: Path) -> None:
    env = {"SOURCEBOX_IA_ACCESS_KEY": " a ", "SOURCEBOX_IA_SECRET_KEY": "s"}
    keys = load_credentials(env, tmp_path)
    assert keys is not None
    assert (keys.access, keys.secret, keys.source) == ("a", "s", "environment")
    assert keys.authorization == "LOW a:s"
    assert "s'" not in repr(keys) and "secret" not in repr(keys)


def test_half_set_environment_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_credentials({"SOURCEBOX_IA_ACCESS_KEY": "a"}, tmp_path)
    assert "SOURCEBOX_IA_SECRET_KEY" in caught.value.hint


@pytest.mark.parametrize("where", [".config/internetarchive/ia.ini", ".config/ia.ini", ".ia"])
def test_ia_ini(tmp_path: Path, where: str) -> None:
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INI)
    keys = load_credentials({}, tmp_path)
    assert keys is not None
    assert (keys.access, keys.secret, keys.source) == ("file-access", "file-secret", str(path))


def test_environment_wins_over_the_file(tmp_path: Path) -> None:
    (tmp_path / ".ia").write_text(INI)
    env = {"SOURCEBOX_IA_ACCESS_KEY": "a", "SOURCEBOX_IA_SECRET_KEY": "s"}
    keys = load_credentials(env, tmp_path)
    assert keys is not None and keys.access == "a"


def test_no_keys_means_anonymous(tmp_path: Path) -> None:
    (tmp_path / ".ia").write_text("[general]\nscreenname = someone\n")
    assert load_credentials({}, tmp_path) is None


def test_unreadable_ini_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / ".ia").write_text("access = no section\n")
    with pytest.raises(ConfigError):
        load_credentials({}, tmp_path)
