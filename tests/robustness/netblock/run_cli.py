"""Runs many sourcebox commands in one process (start-up is the cost), under sitecustomize.

Usage: ``python run_cli.py PLAN.json RESULTS.json``. The plan is a list of
``{"args": [...], "input": "..." | null}``; each runs through click's CliRunner in
order, with ``NETBLOCK_COMMAND`` naming it so that the network log says which
command made an attempt. The results list exit codes, output and time taken.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from sourcebox.cli import cli


def main(plan_path: str, results_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    runner = CliRunner()
    results = []
    for step in plan:
        os.environ["NETBLOCK_COMMAND"] = " ".join(step["args"])
        started = time.perf_counter()
        result = runner.invoke(cli, step["args"], input=step.get("input"))
        results.append(
            {
                "args": step["args"],
                "exit_code": result.exit_code,
                "stdout": result.stdout[-2000:],
                "stderr": result.stderr[-2000:],
                "exception": repr(result.exception) if result.exception else None,
                "seconds": round(time.perf_counter() - started, 3),
            }
        )
    Path(results_path).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
