"""python -m bench COMMAND: see bench/commands."""

import sys

from bench.commands import main

sys.exit(main())
