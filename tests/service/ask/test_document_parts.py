"""Parts of a document that say something about it rather than answer: a PDF's footnotes, a
speaker's label, the years its head or a paragraph says it is about, and what another actor
did."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import indexed_alone

# Minutes whose text layer keeps a footnote on a line of its own, as PDFs of central-bank and
# agency minutes do; the footnote shares the question's words more than the decision does.
MINUTES = """Protokoll från direktionens sammanträde den 6 mars 2024

Närvarande: Anna Berg, ordförande, Per Lind, Eva Holm

§ 1. Det ekonomiska läget
Inflationen har fallit snabbare än väntat under vintern. Tillväxten är svag men väntas öka.
Bank of England sänkte sin ränta till 4,75 procent under februari.
Direktionen höjde räntan till 3 procent den 20 oktober 2023.
1 Direktionen justerade tidigare ned nivån på den långsiktiga räntan i sin bedömning.
Lönerna ökar i måttlig takt enligt de senaste avtalen.

§ 2. Beslut om räntan
Direktionen beslutade att behålla räntan på 2,5 procent.
Beslutet tillämpas från och med den 13 mars 2024.

§ 3. Avgiften för lokalerna
Förste vice ordförande Per Lindqvist:
Jag stöder förslaget att behålla avgiften oförändrad i år.
Det som talar för en höjning är att kostnaderna för lokalerna har ökat kraftigt.

Ledamot Eva Holm:
Jag delar bedömningen och stöder förslaget.
"""

# A report whose summary, not its title, says which budget year it is about; what it tells of an
# earlier year's outcome does not repeat that year.
REPORT = """Betänkande om avgiften till föreningen

Sammanfattning
Utskottet behandlar i betänkandet anslaget för 2025 inom avgiftsområdet.

§ 1. Avgiften
Utfallet för avgiften till föreningen 2023 blev ca 24 miljoner kronor, vilket var lägre än beräknat.
Utskottet föreslår att anslaget för 2025 fastställs enligt förslaget.
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    files = {"direktionen-2024-03-06.txt": MINUTES, "betankande-avgiften-2024-11-20.txt": REPORT}
    with indexed_alone(tmp_path_factory.mktemp("delar"), embedder, files) as a:
        yield a


def test_a_footnote_line_is_not_an_answer(app: Protokollsok) -> None:
    r = app.ask("vilken nivå på räntan beslutade direktionen i mars 2024?")
    assert "2,5 procent" in r["answer"], r["answer"]
    assert "justerade tidigare" not in r["answer"]


def test_a_year_the_documents_head_is_about_need_not_stand_in_the_answer(
    app: Protokollsok,
) -> None:
    r = app.ask("hur mycket blev avgiften till föreningen 2023 enligt betänkandet för 2025?")
    assert "24 miljoner" in r["answer"], r["answer"]


def test_a_speakers_label_is_not_what_they_said(app: Protokollsok) -> None:
    r = app.ask("vad talade enligt Per Lindqvist för en höjning av avgiften?")
    assert "kostnaderna för lokalerna har ökat" in r["answer"], r["answer"]
    # The label shares most words with a question that gives the speaker's title too; it is
    # still no answer (declining is, when what was said shares too few of them).
    r = app.ask("vad talade enligt förste vice ordförande Per Lindqvist för en höjning?")
    assert not r["answer"].startswith("Förste vice ordförande"), r["answer"]


def test_what_another_named_bank_did_is_not_what_the_asked_one_did(app: Protokollsok) -> None:
    r = app.ask("till vilken nivå sänkte direktionen räntan i februari 2024?")
    assert "Bank of England" not in r["answer"], r["answer"]
    # Asked which bank, the other bank is the answer.
    assert "Bank of England" in app.ask("vilken bank sänkte sin ränta i februari?")["answer"]


def test_a_figure_the_question_names_must_stand_in_the_answer(app: Protokollsok) -> None:
    # The minutes raised the rate to 3 procent, never to 4: that raise does not answer when it
    # was raised to 4, and the one asked about is answered.
    r = app.ask("när höjde direktionen räntan till 4 procent?")
    assert "oktober 2023" not in r["answer"], r["answer"]
    assert "20 oktober 2023" in app.ask("när höjde direktionen räntan till 3 procent?")["answer"]


# A committee report that quotes a motion in its own words and the government's proposal
# beside the committee's view of them.
VOICES = """Kulturutskottets betänkande Kultur för barn och unga

Motionen
I motion 2024/25:310 av Anna Ek (L) anförs följande. För att fler barn och unga ska nås av
kultur föreslår vi att kulturgarantin ska byggas ut till att även omfatta gymnasieskolan.

Propositionen
Regeringen föreslår nu att kulturgarantin ska gälla alla elever i grundskolan.

Utskottets ställningstagande
Utskottet är inte berett att förorda en utvidgning av kulturgarantin till gymnasieskolan.
"""


def test_what_a_committee_wanted_is_not_said_by_a_motion_or_the_government(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> None:
    files = {"betankande-kultur-2025-02-20.txt": VOICES}
    with indexed_alone(tmp_path_factory.mktemp("roster"), embedder, files) as app:
        answer = app.ask("Ville kulturutskottet bygga ut kulturgarantin till gymnasieskolan?")
        assert "inte berett" in answer["answer"], answer["answer"]


# A sentence that names what the sentence before introduced by its definite form.
INQUIRY = """Betänkande om fritidshemmen 2019-03-14

Utredningen om fritidshemmen
Den 30 augusti 2018 beslutade regeringen att tillsätta en särskild utredare med uppdrag att se över
kvaliteten i fritidshem och pedagogisk omsorg. Uppdraget ska redovisas senast den 30 september 2019.
"""


def test_a_sentence_naming_the_thing_before_it_is_weighed_with_that_sentence(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> None:
    files = {"betankande-fritidshem-2019-03-14.txt": INQUIRY}
    with indexed_alone(tmp_path_factory.mktemp("syftning"), embedder, files) as app:
        answer = app.ask(
            "När ska utredningen om kvaliteten i fritidshem och pedagogisk omsorg redovisas?"
        )
        assert "30 september 2019" in answer["answer"], answer["answer"]


# A report with a sum and a share about the same agreement.
SHARES = """Betänkande om utställningsersättning 2019-05-09

§ 1. Anslaget för utställningsavtalet
För att fler arrangörer ska kunna tillämpa avtalet ökas anslaget med 5 miljoner kronor från 2020.

§ 2. Rådets enkät
Utskottet har tagit del av rådets enkät till arrangörerna om avtalet.
Enkäten visar att 86 procent av de svarande arrangörerna tillämpar avtalet.
"""


def test_a_share_is_not_answered_by_a_sum_of_money(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> None:
    from protokoll.service import limits
    from protokoll.service.ask.answerers.numbers import number
    from protokoll.service.ask.context import Question

    def counted(app: Protokollsok, question: str) -> str | None:
        u = app.understand(question)
        _, hits = app._passages(u, limits.ASK_PASSAGES, None)
        answer = number(Question(question, u, hits, app.index, app.asker.caches))
        return answer.answer if answer else None

    files = {"betankande-utstallning-2019-05-09.txt": SHARES}
    with indexed_alone(tmp_path_factory.mktemp("andel"), embedder, files) as app:
        # The number route states the sum, but a share ("hur stor andel") is a proportion, which
        # its facts do not hold: the passages answer it.
        sum_asked = "Hur mycket ökas anslaget för att fler arrangörer ska tillämpa avtalet?"
        assert (counted(app, sum_asked) or "").startswith("5 miljoner kronor")
        share = "Hur stor andel av arrangörerna ska kunna tillämpa avtalet när anslaget ökas?"
        assert counted(app, share) is None


# A report whose paragraph names its year once, at its start; the sentence after it does not.
CUSTOMS = """Betänkande om tullens verksamhet

Sammanfattning
Utskottet behandlar i betänkandet anslagen till tullen och redogör för myndighetens arbete med
kontroller, uppbörd och samverkan med andra myndigheter i Sverige och inom Europeiska unionen.
Utskottet tillstyrker regeringens förslag och avstyrker samtliga motionsyrkanden i ärendet.
Utskottet gör också en uppföljning av resultaten inom utgiftsområdet för de senaste åren och
lämnar några synpunkter på hur redovisningen till riksdagen kan utvecklas framöver.
Tullens uppdrag är att ta ut tullar, skatter och avgifter vid införsel av varor, att kontrollera
varuflödet över gränsen och att bekämpa smuggling av narkotika, vapen och andra farliga varor.
Myndigheten samarbetar med polisen, Kustbevakningen och Skatteverket i dessa frågor.

§ 1. Importen
Under 2018 uppgick importvärdet till 470 miljarder kronor. Den största importen kom från Norge.
"""


def test_a_year_the_paragraph_names_before_the_sentence_is_the_sentences_year(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> None:
    files = {"betankande-tullen-2019-11-28.txt": CUSTOMS}
    with indexed_alone(tmp_path_factory.mktemp("tullen"), embedder, files) as app:
        r = app.ask("från vilket land kom den största importen 2018?")
        assert "Norge" in r["answer"], r["answer"]
