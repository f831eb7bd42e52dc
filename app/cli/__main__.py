"""`python -m app.cli`: the `koll` command without its installed script."""

import sys

from app.cli.main import main

sys.exit(main())
