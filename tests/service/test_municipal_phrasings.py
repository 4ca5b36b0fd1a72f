"""How residents ask about a municipality's matters, in words every archive has: "när öppnar
… igen" (the present tense asks what lies ahead), "vad beräknas … kosta" (a cost, though no
"hur mycket"), "hur mycket ersättning" (money, not a count), "de extra 28,5 miljonerna" (a
figure the sentence before the answer states), "enligt prognosen i augusti" (the follow-up's
month, not a meeting's). One small kommunfullmäktige protocol; each answer goes through the
learned passage gate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import indexed_alone

_PROTOCOL = """Protokoll kommunfullmäktige 2025-03-17

Organ: Kommunfullmäktige i Sjöhamra kommun
Sammanträdesdatum: 2025-03-17

Beslutande
Eva Strand (S), ordförande
Jonas Berg (M)
Lena Falk (C)

§ 21 Utökad investeringsram för ombyggnad av Sjöhamra simhall

Kommunfullmäktige beslutade 2023-10-16 om en investeringsram om 60 mnkr för ombyggnad av
Sjöhamra simhall, Badvägen 4. Simhallen stängdes för ombyggnad den 1 april 2024. På grund av
fuktskador i bassängrummet bedöms den totala utgiften nu bli 78,5 mnkr. Kommunstyrelsen
föreslår därför att investeringsramen utökas med 18,5 mnkr. Utökningen finansieras genom ökad
upplåning. Återöppningen av simhallen senareläggs från december 2025 till den 1 oktober 2026.

Kommunfullmäktige beslutar att utöka investeringsramen med 18,5 mnkr till 78,5 mnkr.

§ 22 Ny förskola i Lövudden

Förskolan planeras för sex avdelningar och 108 barn. Planerad byggstart är juni 2025 och
förskolan beräknas kunna tas i bruk i januari 2027. Den beräknade investeringsutgiften är 48,2
mnkr.

Kommunfullmäktige beslutar att bygga en ny förskola i Lövudden.

§ 23 Avbrott i fjärrvärmen

Den 4 februari 2025 stod fjärrvärmeleveransen till 310 kunder i Norra Backen stilla i upp till
elva timmar. Berörda kunder kompenseras med 400 kronor vardera.

Kommunfullmäktige lägger informationen till handlingarna.

§ 24 Ekonomisk uppföljning

Helårsprognosen i augusti visar ett underskott om 9,4 mnkr för barn- och utbildningsnämnden.

Kommunfullmäktige lägger uppföljningen till handlingarna.
"""


@pytest.fixture(scope="module")
def fullmaktige(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[Protokollsok]:
    files = {"sjohamra-kf-2025-03-17.txt": _PROTOCOL}
    with indexed_alone(tmp_path_factory.mktemp("sjohamra"), embedder, files) as app:
        yield app


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("När öppnar simhallen igen efter ombyggnaden?", "1 oktober 2026"),
        ("Vad beräknas förskolan i Lövudden kosta att bygga?", "48,2"),
        ("hur mycket ersättning får kunderna för fjärrvärmeavbrottet", "400 kronor"),
        ("hur ska de extra 18,5 miljonerna till simhallen finansieras", "upplåning"),
    ],
)
def test_a_resident_s_way_of_asking_is_answered_from_the_sentence_that_says_it(
    fullmaktige: Protokollsok, question: str, answer: str
) -> None:
    r = fullmaktige.ask(question)
    assert r["answerable"] and answer in r["answer"], r["answer"]


def test_the_figure_a_question_names_is_shown_with_the_sentence_that_refers_back_to_it(
    fullmaktige: Protokollsok,
) -> None:
    r = fullmaktige.ask("hur ska de extra 18,5 miljonerna till simhallen finansieras")
    assert "18,5 mnkr" in r["answer"] and "upplåning" in r["answer"]


def test_the_month_of_a_follow_up_named_as_source_names_no_meeting(
    fullmaktige: Protokollsok,
) -> None:
    r = fullmaktige.ask("hur mycket går skolnämnden back i år enligt prognosen i augusti")
    assert "Det finns inget protokoll" not in r["answer"]
