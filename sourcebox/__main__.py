"""Entry point for ``python -m sourcebox``."""

from sourcebox.cli import main

if __name__ == "__main__":
    main()
