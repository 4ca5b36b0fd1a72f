"""The analyzer's word → terms memo, kept in `DATA/derived/words.json` between processes.

Highlighting a hit analyses each of its words; a word the process has not seen costs the
decompounder's search (tens of microseconds), and at 100k chunks a search's ten hits met about
25 such words even after 200 other questions: 0.9 ms of a 13 ms search (docs/quality.md).
Every word of the index has been analysed once already, by the ingest that stored it, so the
writer keeps what it analysed and a service starts with all of it.

A word's terms depend only on the word, the analyzer's version and its language, never on the
catalog: the file is never stale, only incomplete, and grows with each write. Deleting it only
costs the first searches' time.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

from protokoll.index.analysis import ANALYZER_VERSION, Analyzer

log = logging.getLogger(__name__)

FILE = "words.json"


class WordMemo:
    """The memo file of one data folder, for one analyzer."""

    def __init__(self, folder: Path, analyzer: Analyzer) -> None:
        self.path = folder / FILE
        self.analyzer = analyzer
        self._stored = -1  # memo entries known to be in the file; -1 = never read or written

    def _key(self) -> str:
        return f"{ANALYZER_VERSION}:{self.analyzer.language}"

    def _read(self) -> dict[str, list[str]] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.info("ordminnet %s kunde inte läsas (%s)", self.path, exc)
            return None
        if not isinstance(data, dict) or data.get("key") != self._key():
            return None
        words = data.get("words")
        return words if isinstance(words, dict) else None

    def load(self) -> bool:
        """Take the file's words into the analyzer; False when there is no usable file."""
        words = self._read()
        if words is None:
            return False
        self.analyzer.remember(words)
        self._stored = len(self.analyzer.memo())
        return True

    def save(self) -> None:
        """Add the words the analyzer has met since to the file (nothing when none)."""
        # A copy (one C call, under the GIL): request threads add words meanwhile.
        memo = self.analyzer.memo().copy()
        if len(memo) == self._stored:
            return
        words: dict[str, list[str] | tuple[str, ...]] = dict(self._read() or {})
        if all(w in words for w in memo):  # e.g. a service that met no new word
            self._stored = len(memo)
            return
        words.update(memo)
        tmp = self.path.with_name(f"{FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(
                json.dumps({"key": self._key(), "words": words}, ensure_ascii=False),
                encoding="utf-8",
            )
            os.replace(tmp, self.path)  # a reader never sees half a file
            self._stored = len(memo)
        except OSError as exc:
            log.info("ordminnet %s kunde inte skrivas (%s)", self.path, exc)
            tmp.unlink(missing_ok=True)
