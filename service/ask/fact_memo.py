"""The number facts' words (`caches.FactWords`) kept in `DATA/derived/number_words.json` between
processes, so that a `protokoll ask` of its own does not read every protocol with a number.

At 100k chunks the number route's first question in a process reads 733 protocols and analyses
12,000 sentences (1.2–1.5 s); the file is read in a fraction of that. Each entry is a pure
function of a protocol version, the analyzer and this code, so the file is never stale, only
incomplete: a version it lacks is read from the protocol and written with the next save.
Deleting it only costs that first question's time.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from pathlib import Path

from protokoll.index.analysis import ANALYZER_VERSION, Analyzer
from protokoll.service.ask.caches import FactKey, FactWords

log = logging.getLogger(__name__)

FILE = "number_words.json"
# Bump when what a FactWords holds, or how it is read (item titles, years, the terms a
# sentence says: 3 added the last parts of unknown compounds), changes.
VERSION = "3"


class FactMemo:
    """The file of one data folder, for one analyzer (its version and language)."""

    def __init__(self, folder: Path, analyzer_key: str) -> None:
        self.path = folder / FILE
        self.key = f"{VERSION}:{analyzer_key}"

    @classmethod
    def of(cls, data: Path, analyzer: Analyzer) -> FactMemo:
        """The memo of a data folder, beside its other derived indexes."""
        return cls(data / "derived", f"{ANALYZER_VERSION}:{analyzer.language}")

    def load(self) -> dict[FactKey, FactWords]:
        """The words the file holds; none when there is no usable file."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("key") != self.key:
                return {}
            return {
                (sys.intern(pid), version, start, end): FactWords(
                    tuple(map(sys.intern, said.split())),
                    tuple(map(sys.intern, where.split())),
                    tuple(years.split()),
                )
                for pid, version, start, end, said, where, years in data["facts"]
            }
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.info("talfaktas ord i %s kunde inte läsas (%s)", self.path, exc)
            return {}

    def save(self, facts: dict[FactKey, FactWords]) -> None:
        """Write `facts` in place of the file, whole or not at all (a reader never sees half)."""
        # Terms joined by spaces (they hold none): a list per sentence took 40 MB more to read.
        rows = [[*key, *map(" ".join, words)] for key, words in list(facts.items())]
        tmp = self.path.with_name(f"{FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"key": self.key, "facts": rows}, ensure_ascii=False)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except (OSError, ValueError) as exc:  # a read-only folder: the next process reads again
            log.info("talfaktas ord kunde inte sparas i %s (%s)", self.path, exc)
            tmp.unlink(missing_ok=True)
