"""Settings: flag > SOURCEBOX_* env > config.toml > default; SOURCEBOX_HOME moves every file."""

from __future__ import annotations

import json

import pytest

from sourcebox.config import db_url_for, load_settings
from sourcebox.errors import ConfigError


def _write_config(home, text):
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text)


@pytest.mark.sqlite_only("the default library is a file under SOURCEBOX_HOME")
def test_defaults_live_under_sourcebox_home(sourcebox_home):
    settings = load_settings()
    assert settings.db_url == f"sqlite:///{sourcebox_home.resolve() / 'library.db'}"
    assert settings.config_file == sourcebox_home.resolve() / "config.toml"
    assert settings.backup_dir == sourcebox_home.resolve() / "backups"
    assert settings.sources["db"] == "default"


@pytest.mark.sqlite_only("checks where SOURCEBOX_DB comes from")
def test_precedence_flag_env_file_default(sourcebox_home, monkeypatch, tmp_path):
    _write_config(
        sourcebox_home,
        'db = "from-file.db"\nkey_pattern = "{author}{year}"\n[cite]\nstyle = "chicago-notes-17"\n',
    )
    settings = load_settings()
    assert settings.key_pattern == "{author}{year}" and settings.style == "chicago-notes-17"
    assert settings.db_url.endswith("from-file.db")
    monkeypatch.setenv("SOURCEBOX_DB", str(tmp_path / "from-env.db"))
    monkeypatch.setenv("SOURCEBOX_KEY_PATTERN", "{authors}{year}")
    settings = load_settings()
    assert settings.db_url.endswith("from-env.db") and settings.key_pattern == "{authors}{year}"
    assert settings.sources["db"] == "env SOURCEBOX_DB"
    settings = load_settings({"db": str(tmp_path / "from-flag.db")})
    assert settings.db_url.endswith("from-flag.db") and settings.sources["db"] == "flag"


def test_db_urls_pass_through_and_paths_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert db_url_for("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db_url_for("lib.db") == f"sqlite:///{tmp_path.resolve() / 'lib.db'}"


def test_bad_config_file_and_bad_values_are_reported(sourcebox_home):
    _write_config(sourcebox_home, "key_pattern = [unclosed\n")
    with pytest.raises(ConfigError, match=r"config\.toml"):
        load_settings()
    _write_config(sourcebox_home, 'key_pattern = "{autor}"\n')
    with pytest.raises(ConfigError, match="autor"):
        load_settings()


def test_key_pattern_from_config_is_used_by_add(sourcebox_home, sb):
    _write_config(sourcebox_home, 'key_pattern = "{author}:{year}"\n')
    key = sb("add", "--type", "book", "--title", "T", "--author", "Doe, Jane", "--issued", "1999")
    assert key.stdout.strip() == "doe:1999"


def test_config_commands(sourcebox_home, sb):
    assert sb("config", "path").stdout.strip() == str(sourcebox_home.resolve() / "config.toml")
    data = json.loads(sb("config", "show", "--json").stdout)
    assert data["sources"]["style"] == "default" and data["style"] == "chicago-notes"
    result = sb("config", "show")
    assert "(default)" in result.stdout


def test_broken_config_is_one_line_exit_1(sourcebox_home, sb):
    _write_config(sourcebox_home, "this is not toml = = =\n")
    result = sb("list", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot read the config file")
    assert "Traceback" not in result.output
