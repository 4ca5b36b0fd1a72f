#!/usr/bin/env bash
# Command one: create .venv/, install everything (CPU torch first), prepare the default model,
# ingest the example protocols and ask a sample question. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# OCR of scanned PDFs: Debian's Tesseract with its Swedish data. Installed when missing (as root,
# or through sudo); without it ingest says so once and reads PDFs by their text layer only.
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe; }; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; }; then
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        tesseract-ocr tesseract-ocr-swe; } >/dev/null \
      || echo "varning: tesseract-ocr och tesseract-ocr-swe kunde inte installeras (OCR saknas)" >&2
  else
    echo "varning: installera tesseract-ocr och tesseract-ocr-swe för OCR av inskannade PDF:er" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
.venv/bin/pip install --quiet --disable-pip-version-check "torch==2.13.0"
.venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
export PROTOKOLL_DATA=${PROTOKOLL_DATA:-data}
.venv/bin/protokoll prepare
.venv/bin/protokoll ingest examples/protocols
echo
echo '$ protokoll search "Vem ersätter Göran Åberg i samordnande grupp Äldre?" --k 2'
.venv/bin/protokoll search "Vem ersätter Göran Åberg i samordnande grupp Äldre?" --k 2
echo '$ protokoll search "elevhälsa" --from 2024-01-01 --k 2'
.venv/bin/protokoll search "elevhälsa" --from 2024-01-01 --k 2
