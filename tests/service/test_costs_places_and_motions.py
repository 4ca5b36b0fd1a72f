"""What a new thing costs and where it will be, as residents ask about a nämnd's matters: "Vad
kostar nya förskolan?" is answered by the investment, not by the yearly running cost the same
item states; "Var ska den ligga?" by its site, not by the site that closes when it opens. And
"vem var jävig" is answered by the member who declared it, not by the company buying the land;
"varför ville X skjuta upp beslutet" by the reason X gave, not by the decision; "vad tyckte
nämnden om motionen" by what it did with the motion, not by what the motion proposed. One small
protocol; each answer goes through the whole ask path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import answered_by, indexed_alone

_PROTOCOL = """Protokoll barn- och utbildningsnämnden 2025-02-11

Organ: Barn- och utbildningsnämnden i Vindsjö kommun
Sammanträdesdatum: 2025-02-11

Beslutande
Maria Holm (S), ordförande
Karin Ek (M)
Per Lind (C)
Omar Said (V)

§ 31 Ny förskola i Ekhagen
Dnr BUN 2024/211

Förskolan planeras för åtta avdelningar och 144 barn på fastigheten Ekhagen 2:4, Skogsvägen 12.
När den nya förskolan öppnar avvecklas Lindens förskola, Kyrkogatan 3, som i dag har fyra
avdelningar i tillfälliga paviljonger. Den totala investeringen beräknas till 71,3 mnkr.
Förskolan beräknas öka nämndens lokalkostnader med 4,2 mnkr per år från 2027.

Karin Ek (M) yrkar att ärendet återremitteras för att utreda en placering närmare
Ekhagens skola. Ordföranden ställer frågan om ärendet ska avgöras i dag och finner att det ska
avgöras i dag.

Barn- och utbildningsnämnden beslutar att hemställa hos kommunstyrelsen om investeringsmedel om
71,3 mnkr för en ny förskola i Ekhagen.

§ 32 Försäljning av mark i Ekhagens industriområde
Dnr BUN 2024/230

Nordbygg Fastigheter AB har ansökt om att få köpa cirka 8 000 kvadratmeter mark i Ekhagens
industriområde för att bygga ett lager. Köpeskillingen är 2 400 000 kronor.

Per Lind (C) anmäler jäv och deltar inte i handläggningen av ärendet.

Barn- och utbildningsnämnden tillstyrker försäljningen.

§ 33 Yttrande över motion om skolfrukost
Dnr BUN 2024/198

Omar Said (V) föreslår i en motion till kommunfullmäktige att alla elever i grundskolan ska
erbjudas frukost varje skoldag. Förvaltningen har beräknat kostnaden till 5,1 mnkr per år.

Omar Said (V) yrkar bifall till motionen.

Barn- och utbildningsnämnden föreslår kommunfullmäktige att motionen ska anses besvarad.
"""


@pytest.fixture(scope="module")
def namnden(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    files = {"vindsjo-bun-2025-02-11.txt": _PROTOCOL}
    with indexed_alone(tmp_path_factory.mktemp("vindsjo"), embedder, files) as app:
        yield app


@pytest.mark.parametrize(
    ("question", "answer", "not_answer"),
    [
        ("Vad kostar nya förskolan i Ekhagen?", "71,3 mnkr", "4,2 mnkr"),
        ("Vad beräknas den nya förskolan i Ekhagen i Vindsjö kosta?", "71,3 mnkr", "4,2 mnkr"),
        ("Var ska nya förskolan i Ekhagen ligga?", "Skogsvägen 12", "Kyrkogatan 3"),
        ("Vem var jävig när marken i Ekhagen såldes?", "Per Lind", "Nordbygg"),
        ("Varför ville Karin Ek skjuta upp beslutet om förskolan?", "placering", "hemställa"),
        ("vad blev svaret på Vänsterpartiets motion om skolfrukost", "besvarad", "yrkar"),
    ],
)
def test_a_resident_s_question_is_answered_by_the_sentence_of_what_it_asks(
    namnden: Protokollsok, question: str, answer: str, not_answer: str
) -> None:
    answered_by(namnden, question, answer, not_answer)


def test_a_running_cost_answers_a_question_asking_for_it_by_the_year(
    namnden: Protokollsok,
) -> None:
    r = namnden.ask("Hur mycket ökar lokalkostnaderna per år för förskolan i Ekhagen?")
    assert r["answerable"] and "4,2 mnkr" in r["answer"], r["answer"]
