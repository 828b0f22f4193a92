"""`python -m fuxi_station`: the bridge of this very checkout, whatever the venv has
installed (tests and benchmarks run it so)."""

import sys

from .cli import main

sys.exit(main())
