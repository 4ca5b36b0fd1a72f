"""The search/ask facade shared by the CLI and the HTTP service, and the settings."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
