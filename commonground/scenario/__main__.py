"""``python -m commonground.scenario check FILE...`` (same as ``commonground scenario``)."""

import sys

from .cli import main

sys.exit(main())
