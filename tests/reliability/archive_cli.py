"""``sourcebox archive ...`` with the Wayback Machine's waits shortened, for a loopback server.

    python tests/reliability/archive_cli.py --db LIB archive --all --rate 6000/min

The installed command runs unchanged (target selection, the queue and its state in
the library, output, exit status); only two timings are shortened, as a test
against a server on 127.0.0.1 needs: SPN2 status polls start after 20 ms instead
of 5 s, and CDX look-ups are not paced (the real service allows 20 a minute).
Test code only.
"""

from __future__ import annotations

import sys

from sourcebox.archive import ratelimit, spn2
from sourcebox.cli import main

ratelimit.RATE_LOOKUPS = 600_000.0
# PollPolicy(first, factor, longest, give_up_after): the dataclass's defaults.
spn2.PollPolicy.__init__.__defaults__ = (0.02, 1.5, 0.05, 20.0)

if __name__ == "__main__":
    sys.argv[0] = "sourcebox"
    main()
