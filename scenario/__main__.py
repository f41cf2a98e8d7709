"""`python -m scenario run [FILE] --json`: run a scenario file as the What if page saves it (no FILE: the page's
opening scenario) and print its cohorts, totals, uncertainty interval, breakeven statements and areas."""
from __future__ import annotations

import sys

from scenario.cli import main

sys.exit(main())
