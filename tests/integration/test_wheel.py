"""The wheel carries the migrations: installed alone, it creates and opens a library."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_ships_migrations_and_opens_a_library(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = dist.glob("sourcebox-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "sourcebox/migrations/env.py" in names
    assert any(n.startswith("sourcebox/migrations/versions/0001") for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True,
    )  # fmt: skip
    script = (
        "import sourcebox, sys\n"
        f"assert sourcebox.__file__.startswith({str(target)!r}), sourcebox.__file__\n"
        "from sourcebox.db.schema import migrations_dir\n"
        f"assert str(migrations_dir()).startswith({str(target)!r}), migrations_dir()\n"
        "from sourcebox.cli import main\n"
        "sys.argv = ['sourcebox', '--db', 'lib.db', 'demo']\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "SOURCEBOX_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Added" in done.stdout
    assert (tmp_path / "lib.db").exists()
