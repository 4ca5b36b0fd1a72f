"""`python -m protokoll.eval.bench WHAT …`, the same as `protokoll bench WHAT …`."""

import sys

from protokoll.eval.bench.run import main

sys.exit(main())
