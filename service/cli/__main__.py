"""`python -m protokoll.service.cli …`, the same as `protokoll …`."""

import sys

from protokoll.service.cli import main

sys.exit(main())
