"""The formatter is pure: no database, network or UI code; of sourcebox, only domain and errors."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sourcebox.cite

PACKAGE = Path(sourcebox.cite.__file__).parent
ALLOWED = ("sourcebox.cite", "sourcebox.domain", "sourcebox.errors")
FORBIDDEN = ("sqlalchemy", "alembic", "click", "rich", "textual", "httpx", "waybackpy")
FORMATTER = (
    "__init__",
    "bibliography",
    "creators",
    "elements",
    "errors",
    "locator",
    "markup",
    "notes",
    "parts",
    "sequence",
    "style",
    "text",
)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_the_package_imports_no_database_network_or_ui_code():
    bad = {}
    for path in sorted(PACKAGE.glob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            internal = top == "sourcebox" and not name.startswith(ALLOWED)
            if internal or top in FORBIDDEN:
                bad.setdefault(path.name, []).append(name)
    assert bad == {}


def test_the_formatter_itself_needs_only_the_standard_library():
    for module in FORMATTER:
        for name in _imports(PACKAGE / f"{module}.py"):
            top = name.split(".")[0]
            assert name.startswith(ALLOWED) or top in sys.stdlib_module_names, (module, name)


def test_importing_the_formatter_loads_no_database_network_or_ui_code():
    code = (
        "import sys, sourcebox.cite; "
        "bad = [m for m in ('sqlalchemy', 'alembic', 'click', 'rich', 'textual', 'httpx', "
        "'waybackpy', 'sourcebox.db', 'sourcebox.cli', 'sourcebox.services') if m in sys.modules]; "
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_formatter_modules_stay_small():
    sizes = {
        m: len((PACKAGE / f"{m}.py").read_text(encoding="utf-8").splitlines()) for m in FORMATTER
    }
    assert max(sizes.values()) <= 400, sizes
