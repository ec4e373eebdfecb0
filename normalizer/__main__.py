"""``python -m normalizer`` is the ``mtnorm`` command."""

import sys

from .cli import main

sys.exit(main())
