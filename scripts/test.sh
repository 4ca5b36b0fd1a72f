#!/usr/bin/env bash
# Command two: the test suite (installs what it needs first, so it works on a fresh clone).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/protokoll ] || ! .venv/bin/python -c "import protokoll.service, pytest" 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "torch==2.13.0" || exit 1
  .venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]" || exit 1
fi
.venv/bin/python -m pytest -q "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest: inga tester hittades (exit 5)" >&2
  exit 1
fi
exit $rc
