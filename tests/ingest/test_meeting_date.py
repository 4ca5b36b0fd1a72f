"""A protocol's date is the day its meeting was held, not a later date found in its text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from protokoll.ingest.dates import meeting_date
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers import read_document
from protokoll.ingest.readers.base import RawDocument, normalise_text

from ..conftest import CORPUS, require_corpus


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protokollet justerat 2022-09-22\nSammanträdesdatum 2022-09-15\n", date(2022, 9, 15)),
        ("Publicerad 3 oktober 2022\n\nMötet hölls den 19 september 2022 i Stockholm.\n",
         date(2022, 9, 19)),
        ("Justerat\n2022-09-22\n\nBudget för 2023, beredd 2022-09-14.\n", date(2022, 9, 14)),
        ("Justeringsdatum: 2022-09-22\nDatum: 2022-09-15\n", date(2022, 9, 15)),
        ("Protokollet publiceras den 5 juli 2019.\n", date(2019, 7, 5)),
        ("Sammanträde 2021-03-01.\nNästa sammanträde den 12 april 2021.\n", date(2021, 3, 1)),
        # The municipal template's columns: the meeting date under the organ, the adjustment's
        # place and time ending in "plats och tid", which alone would be a meeting cue.
        ("GLIMMERSTA KOMMUN\tSAMMANTRÄDESPROTOKOLL\tSida\n\tSammanträdesdatum\t1(12)\n"
         "Kommunfullmäktige\t2024-04-22\n\nPlats och tid\tKommunhuset, kl. 18.00–21.35\n\n"
         "Justeringens plats och tid\tKommunkansliet, fredag 2024-04-26 kl. 10.00\n",
         date(2024, 4, 22)),
        # A Word head table whose values are long: the adjustment's label is 80 characters and
        # more before its date, and its last word "tid" alone is a meeting cue.
        ("Plats och tid\tBrandstationen i Tjäderbro, konferensrummet Slangtornet, Verkstadsvägen 9,"
         " torsdagen den 9 oktober 2025 kl. 09.00–11.50\nUtses att justera\tHelena Marklund (M)\n"
         "Justeringens plats och tid\tRäddningstjänstens kansli, Verkstadsvägen 9, Tjäderbro, "
         "onsdagen den 15 oktober 2025 kl. 13.00\n", date(2025, 10, 9)),
    ],
)  # fmt: skip
def test_the_meeting_date_is_not_a_later_date_in_the_text(text: str, expected: date) -> None:
    assert meeting_date(text) == expected


def test_a_protocol_whose_head_opens_with_its_publication_date_is_dated_by_its_meeting() -> None:
    text = (
        "Penningpolitiskt protokoll\n\nPubliceringsdatum: 2019-07-16\n\nDirektionen\n"
        "Mötet hölls den 2 juli 2019.\n\n§ 1. Den ekonomiska utvecklingen\n\nText.\n"
    )
    p = parse_protocol(RawDocument(normalise_text(text), "text"), "/tmp/pp.txt")
    assert p.date == date(2019, 7, 2)


def test_a_web_page_whose_first_line_is_its_publication_is_dated_by_its_meeting() -> None:
    # A web diarium's protocol page: its first line (taken as the title) dates the page.
    text = (
        "Publicerad 2024-12-11 · Dokumenttyp: Protokoll · Instans: Direktionen\n\n"
        "Direktionen – Sammanträdesprotokoll\n\nSammanträdesdatum 2024-12-05\n\n"
        "§ 58 Val av justerare\n\nText.\n"
    )
    p = parse_protocol(RawDocument(normalise_text(text), "text"), "/tmp/pp.txt")
    assert p.date == date(2024, 12, 5)


# One document of every kind in the corpus, with the date its meeting was held as read in it.
VERIFIED = [
    # "Läns-gemensam ledning i samverkan 2023-09-29" heads the minutes of that meeting.
    ("seeds/000_416a57efa1acaea5.txt", date(2023, 9, 29)),
    # "Sammanträdestd 15.9.2022 kl. 18.00"; justering 21–22.9.2022 and publication 22.9.2022 follow.
    ("municipal-pdf/valfardsnamnden_protokoll_15_09_2022_18_00_139758.pdf", date(2022, 9, 15)),
    # "DATUM: 2020-03-19"; the text also names the session of 30 March 2020 that checks it.
    ("riksbank-pdf/protokoll-fran-det-penningpolitiska-motet-19-mars-2020.pdf", date(2020, 3, 19)),
    # "Juni 2024" in the title, "DATUM: 2024-06-26" in the head.
    ("riksbank-pdf/penningpolitiskt-protokoll-26-juni-2024.pdf", date(2024, 6, 26)),
    # The committee's meeting: "Stockholm den 17 december 2018" (published 8 November 2018
    # as a draft, per the JSON's `publicerad`).
    ("riksdagen-betankanden/h601au1.json", date(2018, 12, 17)),
]


@pytest.mark.slow  # reads PDFs of the shared corpus
@pytest.mark.parametrize(("name", "expected"), VERIFIED)
def test_every_kind_of_corpus_document_is_dated_by_its_meeting(name: str, expected: date) -> None:
    path: Path = require_corpus(CORPUS / name)
    assert parse_protocol(read_document(path), str(path)).date == expected
