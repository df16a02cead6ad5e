"""``python -m microcommerce.cli``: the ``microcommerce`` command."""

import sys

from microcommerce.cli import main

sys.exit(main())
