#!/usr/bin/env python3
"""Build owner sites and move-in print material: `python build.py --help`."""

import sys

from handbook.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
