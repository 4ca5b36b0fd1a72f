"""Swedish compounds split into known words, against a word-frequency list: a split is taken
when its parts are, on average, more frequent words than the whole (Koehn & Knight 2003), so
ordinary words ("verksamhet", "personal") stay whole. `Analyzer` (analysis.py) indexes and
queries the parts."""

from __future__ import annotations

# Both parts of a compound joined by a linking -e- (`Decompounder.linked`) are this common:
# "ränta" 4.1, "beslutet" 4.5.
LINKED_ZIPF = 4.0
# The last part of an unknown compound is a common word (`Decompounder.head`): "låna" 4.7,
# "fordon" 4.4, "bygden" 3.3.
HEAD_ZIPF = 3.0


class Decompounder:
    """Split Swedish compounds into known words ("kompetens|försörjning|s|plan")."""

    MIN_PART = 4
    MIN_ZIPF = 2.5  # parts must be reasonably common words, or names split into noise
    MARGIN = 0.3  # a common word is split only when its parts are clearly more common
    # Derivational endings that happen to be words ("ande", "ning") are never a compound's head.
    SUFFIXES = frozenset(
        [
            "ande",
            "ende",
            "anden",
            "arna",
            "erna",
            "orna",
            "aren",
            "heten",
            "ning",
            "ningen",
            "ningar",
            "else",
            "elsen",
            "skap",
            "skapet",
            "domen",
            "liga",
            "ligt",
            "iska",
            "iskt",
            "ingen",
            "ingar",
            "erare",
            "ander",
        ]
    )

    # Prefixes that negate the word after their hyphen: it is not a kind of that word.
    NEGATING = frozenset(["icke", "anti", "non", "ej"])

    def __init__(self, frequencies: dict[str, float]) -> None:
        self.freq = frequencies
        self._cache: dict[str, tuple[str, ...]] = {}
        self._heads: dict[str, str | None] = {}

    def _known(self, part: str) -> float:
        return self.freq.get(part, 0.0) if len(part) >= self.MIN_PART else 0.0

    def _modifier(self, left: str) -> tuple[str, float]:
        """A compound's first part in its dictionary form: linking -s- dropped ("kompetens-"),
        -o-/-u- for -a ("hälso-" → hälsa, "gatu-" → gata), a dropped -a/-e restored ("skol-")."""
        options = [left]
        if left.endswith("s"):
            options.append(left[:-1])
        if left.endswith(("o", "u")):
            options.append(left[:-1] + "a")
        options += [left + "a", left + "e"]
        best = max(options, key=self._known)
        return best, self._known(best)

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of `word`, or () when it is best left whole."""
        if len(word) < 2 * self.MIN_PART or not self.freq:
            return ()
        if word not in self._cache:
            best = self._best(word, depth=0)
            whole = self.freq.get(word, 0.0)
            margin = self.MARGIN if whole >= 3.5 else 0.0
            parts = best[0] if best and best[1] > whole + margin else ()
            self._cache[word] = parts
        return self._cache[word]

    def linked(self, word: str) -> tuple[str, ...]:
        """Two parts joined by a linking -e- that stands for a first part's -a ("ränte|beslutet"
        of "ränta"), when `split` leaves the word whole; both parts common words. Not used for
        indexing (read as one rule for every word, it re-splits hundreds of words wrongly:
        "skatte" → "skatta"); a question's topic reads its parts as a lesser match."""
        if self.split(word):
            return ()
        best: tuple[tuple[str, ...], float] | None = None
        for i in range(self.MIN_PART, len(word) - self.MIN_PART + 1):
            left, right = word[:i], word[i:]
            if not left.endswith("e") or right in self.SUFFIXES:
                continue
            score = min(self._known(left[:-1] + "a"), self._known(right))
            if score >= LINKED_ZIPF and (best is None or score > best[1]):
                best = ((left[:-1] + "a", right), score)
        return best[0] if best else ()

    def head(self, word: str) -> str | None:
        """The last part of a compound the language does not know and `split` cannot cut
        ("nyupplåna", whose "nyupp" is no word): its longest ending that is a common word
        ("låna"). Swedish compounds end in the word they are a kind of, so a text writing
        "nyupplåna" says "låna" to a question. Words the language knows keep their own
        meaning ("beslutet" is no "slutet"). After a hyphen the last word is the head too
        ("ja-röster"), but not after a negation ("icke-statliga")."""
        if len(word) < self.MIN_PART + 3 or self.freq.get(word, 0.0) > 0.0:
            return None
        if word.split("-", 1)[0] in self.NEGATING:
            return None  # "icke-statliga" is no kind of "statliga"
        if word not in self._heads:
            self._heads[word] = None if self.split(word) else next(
                (word[i:] for i in range(3, len(word) - self.MIN_PART + 1)
                 if word[i:] not in self.SUFFIXES and self._known(word[i:]) >= HEAD_ZIPF),
                None,
            )  # fmt: skip
        return self._heads[word]

    def _best(self, word: str, depth: int) -> tuple[tuple[str, ...], float] | None:
        best: tuple[tuple[str, ...], float] | None = None
        for i in range(self.MIN_PART, len(word) - self.MIN_PART + 1):
            left, z_left = self._modifier(word[:i])
            right = word[i:]
            if z_left < self.MIN_ZIPF or right in self.SUFFIXES:
                continue
            options: list[tuple[tuple[str, ...], float]] = []
            z_right = self._known(right)
            if z_right >= self.MIN_ZIPF:
                options.append(((left, right), (z_left + z_right) / 2))
            if depth < 2:
                sub = self._best(right, depth + 1)
                if sub:
                    n = len(sub[0])
                    options.append(((left, *sub[0]), (z_left + sub[1] * n) / (n + 1) - 0.3))
            for parts, score in options:
                if best is None or score > best[1]:
                    best = (parts, score)
        return best
