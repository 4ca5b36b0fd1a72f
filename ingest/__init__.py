"""Reading protocol files, parsing them into typed records, and chunking them."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
