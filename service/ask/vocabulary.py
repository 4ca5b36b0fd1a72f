"""The words ask routes and measures by, compiled from the lexicon (ingest/data/lexicon_sv.toml).

Question patterns match the question folded (without å/ä/ö), so "vem ar ordforande" routes like
the question written with them; patterns over a protocol's own text match it as written.
Phrases match with the single spaces they are written with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from protokoll.ingest.lexicon import lexicon
from protokoll.ingest.text import fold

LEXICON = lexicon()


def _forms(words: Iterable[str], folded: bool = True) -> list[str]:
    """The distinct words, longest first: an alternation tries "kommer att" before "kommer"."""
    return sorted({fold(w) if folded else w for w in words}, key=lambda w: (-len(w), w))


def _either(words: Iterable[str], folded: bool = True) -> str:
    return "|".join(re.escape(w) for w in _forms(words, folded))


either = _either  # for the modules that compile their own patterns from the lexicon


def written(words: Iterable[str]) -> str:
    """A pattern for any of `words` as the text writes them, each a whole word: not inside a
    longer word or a hyphenated compound ("sådan" is not "sådana-", "svarar" not "besvarar")."""
    return rf"(?<![\w-])(?:{_either(words, folded=False)})(?![\w-])"


def _words(group: str) -> re.Pattern[str]:
    return re.compile(rf"\b({_either(LEXICON.verbs[group])})\b")


def party_of(word: str) -> str | None:
    """The letters of the party a word names ("vänsterpartiet" → "V"), also in the genitive
    ("Kristdemokraternas"), in any case and with or without å/ä/ö; None for other words."""
    folded = fold(word).lower()
    return LEXICON.parties.get(folded) or LEXICON.parties.get(folded.removesuffix("s"))


# -- the question (folded) -------------------------------------------------------------------
SUBSTITUTION = _words("substitution_asked")
SEAT_TAKEN = re.compile(LEXICON.substitution.seat_taken_asked)
PRESENTING = _words("presenting_asked")
APPOINTED = _words("appointment_asked")
PRESENCE = _words("presence_asked")
# "Gick direktionen med på …" agrees to a matter: not the "med på" of being at a meeting.
GOES_ALONG = re.compile(r"\bg(?:ick|ar|att)\s+(?:[\w-]+\s+){1,3}?med pa\b")
VOTE = _words("vote_asked")
# "När justerades protokollet …" (folded).
ADJUSTED_ASKED = re.compile(r"\bjuster(?:ades|ats|at|ad)\b")
# "föreslog utskottet" is also "föreslog försvarsutskottet", "föreslog KU" and "föreslår FiU7": a
# committee is named by a compound ending in "utskottet" (a letter short, as typed), by KU, or by
# a report's short designation (folded, lower case). What any organ thought of a matter is its
# decision in the same way: "Vad tyckte äldrenämnden/kommunstyrelsen/direktionen om motionen?".
_ORGANS = r"\w*namnden|\w*styrelsen|\w*fullmaktige|direktionen"
# An adjective may go before an organ's name ("allmänna utskottet", "regionala utvecklingsnämnden").
_COMMITTEE = rf"(?:(?:\w+a )?(?:\w*utskot+et|{_ORGANS})|ku|[a-z]{{1,4}}u\d{{1,3}})"
_COMMITTEES = (
    r"(?:(?:\w+a )?(?:\w*utskot+ets|\w*namndens|\w*styrelsens|direktionens)"
    r"|ku:?s|[a-z]{1,4}u\d{1,3}:?s)"
)
# A sentence in an organ's own voice, opening with its name ("Nämnden avvisar denna satsning",
# "Regionala utvecklingsnämnden beslutar …"), folded.
ORGAN_OPENS = re.compile(rf"^\W*(?:\w+a )?(?:\w*utskot+et|{_ORGANS})\b")
DECISION = re.compile(
    _words("decision_asked")
    .pattern.replace("utskottets", _COMMITTEES)
    .replace("utskottet", _COMMITTEE)
)
# A sentence that states what was decided or proposed ("Beslut: …", "Riksdagen avslår …",
# "Utskottet tillstyrker …"), as written ([answers] stance).
ADOPTED = re.compile(rf"^\s*Beslut\b|(?<!\w)(?:{_either(LEXICON.stance, folded=False)})(?!\w)")
MEETING_HELD = _words("meeting_held")
RELATIVE = re.compile(rf"\b({_either(LEXICON.meeting_words['relative'])})\b")
ALL_MEETINGS = re.compile(rf"\b({_either(LEXICON.meeting_words['all'])})\b")
ATTENDED = re.compile(rf"\b({_either(LEXICON.meeting_words['attended'])})\b")
ROLES = tuple(fold(r) for r in LEXICON.roles_asked)  # in the order they are looked for
# "vem var protokollförare", "vem ledde sammanträdet": the role asked for by another of its
# names or by what its holder does (whole words, the longest first).
# "justerade protokollet" is also "justerade årsmötesprotokollet": the phrases match a compound
# ending in "protokoll".
ROLE_PHRASES = tuple(
    (
        re.compile(rf"\b{re.escape(fold(phrase))}\b".replace(r"\ protokoll", r"\ \w*protokoll")),
        fold(role),
    )
    for phrase, role in sorted(LEXICON.roles_phrased.items(), key=lambda pr: -len(pr[0]))
)
# "sekreterarjobbet", "justerarna", "undertecknarens": a role word in -are ends in -ar as the
# first part of a compound and before an ending; a bare "justerar" is the verb, not the role.
_ROLE_STEMS = tuple(
    (re.compile(rf"\b{re.escape(r[:-1])}\w{{2,}}"), r) for r in ROLES if r.endswith("are")
)


def role_compounds(folded: str) -> set[str]:
    """The words of a folded question that name a role as part of a compound ("sekreterarjobbet"):
    they say what is asked, like the role's own name, not where it is held."""
    return {m.group() for stem, _ in _ROLE_STEMS for m in stem.finditer(folded)}


def role_named(folded: str) -> str | None:
    """The first role whose name a folded question holds ("vice ordförande" → "ordförande")."""
    return next((r for r in ROLES if r in folded), None)


def role_asked(folded: str) -> str | None:
    """The role a folded question asks who holds: by its name, as part of a compound, or by
    what its holder does ("vem ledde sammanträdet")."""
    return (
        role_named(folded)
        or next((r for stem, r in _ROLE_STEMS if stem.search(folded)), None)
        or next((r for phrase, r in ROLE_PHRASES if phrase.search(folded)), None)
    )


# "inom hur lång tid …", "senast hur länge …", "ungefär hur länge …" ask for a duration too.
DURATION_ASKED = re.compile(
    rf"^\s*(?:\w+ )?(?:(?:{_either(LEXICON.asks['duration'])})\b"
    rf"|(?:{_either(LEXICON.asks['duration_how'])})\b[^?]*?(?:{_either(LEXICON.asks['duration_nouns'])})\b)"
)
AMOUNT_ASKED = re.compile(
    rf"\b({_either(LEXICON.asks['amount'])})\b"
    rf"|^\W*(?:vad|hur\s+mycket)\b.*\b(?:{_either(LEXICON.asks['amount_asked_open'])})\b"
)
SHARE_ASKED = re.compile(rf"\b({_either(LEXICON.asks['share'])})\b")
DAY_ASKED = re.compile(rf"\b({_either(LEXICON.asks['day'])})\b")
# Matched against the question as written (lower case): "vilket år", or "vilket ar" typed
# without å, but not "vilket är".
YEAR_ASKED = re.compile(
    rf"\b({_either(LEXICON.asks['year'], folded=False)}|{_either(LEXICON.asks['year'])})\b"
)
NUMBER_ASKED = re.compile(rf"\b({_either(LEXICON.asks['number'])})\b")


def _split_by_subject(phrases: Iterable[str]) -> str:
    """The phrases, where a question may put its subject after the first word: "När träder
    lagändringarna i kraft?", "När börjar de nya reglerna gälla?", "När kommer regeringen att
    …?" (up to eight words between)."""
    out = []
    for form in _forms(phrases):
        first, _, rest = form.partition(" ")
        gap = r"(?:\s+[\w-]+){0,8}?\s+" if rest else ""
        out.append(re.escape(first) + gap + re.escape(rest))
    return "|".join(out)


# "När öppnar badhuset igen?", "när blir beslutet klart": "när" with a verb in the present
# tense asks what lies ahead too ("när har …" asks what is done).
AHEAD_ASKED = re.compile(
    rf"\b({_split_by_subject(LEXICON.asks['ahead'])})\b"
    r"|\bnar\s+(?!har\b)[^\W\d_]{2,}(?:ar|er|ir)\b"
)
SINCE_ASKED = re.compile(rf"\b({_either(LEXICON.asks['since'])})\b")
# "vad tänker regeringen göra …": the actor whose intention is asked (group 1).
INTENTION_ASKED = re.compile(
    rf"\b(?:{_either(LEXICON.asks['intention'])})\s+(\w+)\s+(?:att\s+)?gora\b"
)

# Words that frame a question of each kind rather than name its topic (folded).
FRAME = LEXICON.frame
FRAMES = LEXICON.frames

# -- a protocol's text (as written) ----------------------------------------------------------
# Where a presenting verb stands in a sentence: what follows it is the topic, not a descriptor.
PRESENTING_TEXT = re.compile(rf"{written(LEXICON.verbs['presenting'])}")
# The months by name, as one alternation for the patterns of dates (also kinds.py).
MONTHS = "|".join(LEXICON.month_names)
DATE_IN_TEXT = re.compile(
    rf"(?i)\b\d{{1,2}}(?::e|:a)?\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-\d\d-\d\d\b|\b(?:19|20)\d\d\b|\b(?:första|andra|tredje)\s+(?:"
    rf"{MONTHS})\b|\b(?:{MONTHS})\b|\b(?:{_either(LEXICON.times_of_year, folded=False)})\b"
)
DAY_IN_TEXT = re.compile(
    rf"(?i)\b\d{{1,2}}(?::e|:a)?\s+(?:{MONTHS})\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
    r"|\b(?:[12]?\d|3[01])\.(?:0?[1-9]|1[012])\b(?:\.(?:19|20)\d\d)?(?![\d,])|\b(?:första|andra|tredje)\s+(?:"
    rf"{MONTHS})\b"
)
# A digit inside a name or code ("TV4", "G20", "SkU8") states no number.
NUMBER_IN_TEXT = re.compile(
    rf"(?<![^\W\d_])\d|\b(?:{_either(LEXICON.count_words, folded=False)})\b"
    rf"|\b(?:{_either(LEXICON.number_phrases, folded=False)})\b",
    re.I,
)
DURATION_IN_TEXT = re.compile(
    rf"(?i)(?:\d+(?:,\d+)?|{_either(LEXICON.duration_words, folded=False)})\s+"
    rf"(?:{_either(LEXICON.duration_units, folded=False)})\b"
)

# A sentence that refers back to the one before it: by its first word ("Detta innebär …", "Han
# menade …") or by "sådan" anywhere ("… ta initiativ till en sådan utredning").
_REFERS_BACK = re.compile(
    rf"(?i)^\W*(?:{_either(LEXICON.refers_back_first, folded=False)})(?![\w-])"
    rf"|{written(LEXICON.refers_back)}"
)
_TO_AUTHOR = re.compile(rf"(?i){written(LEXICON.refers_back_to_author)}")
# A document's designation ("2018/19:481", "2018/19:FiU1"): a sentence holding one names its
# motion or report itself.
DESIGNATED = re.compile(r"\b(?:19|20)\d\d/\d\d:\s*\w*\d")


_REPLIES = re.compile(rf"(?i){written(LEXICON.replies)}")
_ASKS_IN_TEXT = re.compile(rf"(?i){written(LEXICON.asks_in_text)}|\?\s*$")


def is_reply(sentence: str) -> bool:
    """The sentence replies ("Y svarar att …"); to the question of the one before it when that
    one asks (`asks_in_text`)."""
    return bool(_REPLIES.search(sentence))


def asks_in_text(sentence: str) -> bool:
    """The sentence reports a question ("X frågar när …"), or is one."""
    return bool(_ASKS_IN_TEXT.search(sentence))


def refers_to_author(sentence: str) -> bool:
    """The sentence calls a motion's author "motionären" without naming the motion."""
    return bool(_TO_AUTHOR.search(sentence)) and not DESIGNATED.search(sentence)


def refers_back(sentence: str) -> bool:
    """The sentence refers back to the one before it: by a word that points back, or by calling
    a motion's author "motionären" without naming the motion."""
    return bool(_REFERS_BACK.search(sentence)) or refers_to_author(sentence)


# Designations of laws, reports and acts carry a year but are neither dates nor counts: SFS
# 2016:27, dir. 2018:101, RiR 2019:5, prop. 2018/19:1, bet. 2018/19:SfU5, a committee's
# statement 2018/19:SkU3y, motion 2018/19:3017, förordning (EU) 2016/161, direktiv 2001/83/EG.
# "Riksdagen antar … lag om ändring i utlänningsdatalagen (2016:27)." does not say when anything
# happens. No space after the colon: "under 2020: 15 möten" is a year. An EU act's designation
# goes on with the day it was adopted ("förordning (EU) 2016/161 av den 2 oktober 2015",
# "direktiv 96/67/EG av den 15 oktober 1996"): that names the act too, and is not when anything
# in the text happens.
REFERENCES = re.compile(
    r"\b(?:19|20)\d\d(?:/\d{2})?:[A-Za-zÅÄÖåäö]*\d+[a-zåäö]?\b"
    r"|(?:\((?:EU|EG|EEG|Euratom)\)\s*(?:nr\s*)?\d+/\d+|\b(?:(?:19|20)?\d\d)/\d+/(?:EU|EG|EEG)\b)"
    rf"(?:\s+av\s+den\s+\d{{1,2}}\s+(?:{MONTHS})\s+(?:19|20)\d\d)?"
)
