#!/usr/bin/env bash
# Command two: the test suite (installs what it needs first, so it works on a fresh clone).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/protokoll ] || ! .venv/bin/python -c "import protokoll.service, pytest" 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "torch==2.13.0" || exit 1
  .venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]" || exit 1
fi
# An older .venv may predate the HTTP upload, browser-test, OCR, feed and OpenVINO dependencies.
.venv/bin/python -c "import multipart, playwright, pytesseract, feedgen, feedparser, openvino, nncf" 2>/dev/null \
  || .venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]" || exit 1
# Browser tests: Debian's chromium and axe-core from npm, installed when missing (CI runs as
# root). Playwright drives /usr/bin/chromium and never downloads a browser of its own.
as_root() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }
if ! command -v chromium >/dev/null 2>&1 && as_root; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >/dev/null 2>&1 || echo "varning: chromium kunde inte installeras" >&2
fi
# OCR tests: Debian's Tesseract with Swedish data; token tests: nginx in front of `chroma run`.
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe; } \
  && as_root; then
  { apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-swe; } \
    >/dev/null 2>&1 || echo "varning: tesseract-ocr-swe kunde inte installeras" >&2
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ] && as_root; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; } \
    >/dev/null 2>&1 || echo "varning: nginx kunde inte installeras" >&2
fi
if [ ! -f tests/widget/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1 && as_root; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } \
      >/dev/null 2>&1 || echo "varning: npm kunde inte installeras" >&2
  fi
  (cd tests/widget && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) \
    || echo "varning: axe-core kunde inte installeras (tests/widget)" >&2
fi
.venv/bin/python -m pytest -q "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest: inga tester hittades (exit 5)" >&2
  exit 1
fi
exit $rc
