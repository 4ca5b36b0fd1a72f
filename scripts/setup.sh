#!/usr/bin/env bash
# Command one: create .venv/, install everything (CPU torch first), prepare the default model,
# ingest the example protocols and ask a sample question. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
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
