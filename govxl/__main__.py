"""``python -m govxl``: the command line."""

import sys

from govxl.cli import main

sys.exit(main())
