"""Reading protocol files, parsing them into typed records, extracting the facts and decisions
they state (`extract`), and chunking them."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
