"""A municipal company's board minutes, exported as Markdown: what a named member moved, the
size of a fee and of a rise, a distance, and a post written with its abbreviation in the
attendance table. One small index of one protocol serves every test here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

_STYRELSE = """# Protokoll styrelsemöte 2025-06-12

| Uppgift | |
|---|---|
| Organ | Styrelsen för Sundby Vatten AB |
| Sammanträdesdatum | 2025-06-12 |
| Plats | Norrtorps vattenverk, Sundby |

### Övriga närvarande

| Namn | Titel | Närvarande vid |
|---|---|---|
| Anna-Karin Wester | Verkställande direktör (VD) | §§ 31–44 |
| Peter Lindblad | Ekonomichef | §§ 31–44 |

## § 38 Taxa för vatten och avlopp 2026

VD föreslår att brukningsavgifterna höjs med 9 procent från den 1 januari 2026.

Helena Dahl (SD) yrkar att brukningsavgifterna höjs med högst 6 procent och att investeringen
i högreservoaren skjuts upp ett år.

Ordföranden ställer proposition på VD:s förslag mot Helena Dahls yrkande och finner att
styrelsen bifaller VD:s förslag.

Helena Dahl (SD) reserverar sig mot beslutet till förmån för eget yrkande.

## § 39 Sanktionsavgift för olovlig anslutning, Kvarngatan 6

Vid ett platsbesök konstaterade bolaget att vinden på Kvarngatan 6 byggts om till 3 nya
vindslägenheter utan anmälan, vilket enligt taxan ger en sanktionsavgift. Avgiften blir
54 801 kronor.

## § 40 Ledningsdragning vid Lillfors

Den nya pumpstationen vid Lillfors har en yta om 62 kvadratmeter. Den står cirka 1,5 meter
från tomtgränsen mot grannen.

## § 41 Motion om avgiftsfri larmfunktion på vattenmätare för hushåll med personer över 85 år

Eva Holm (S) och Tord Lind (S) har i en motion föreslagit att hushåll med personer över 85 år
ska få en larmfunktion på vattenmätaren utan avgift.

Eva Holm (S) yrkar att styrelsen ska tillstyrka motionen och anför att larmet ger trygghet.

Styrelsen föreslår kommunfullmäktige att avslå motionen.

## § 42 Arbetsmiljöverkets inspektion av verkstaden

Beslutsunderlag

Arbetsmiljöverkets inspektionsmeddelande 2025-06-03 efter inspektion av verkstaden.

Arbetsmiljöverket kräver att skyddet vid svarven förbättras. Bolaget ska redovisa vad som gjorts
senast den 30 september 2025.

## § 43 Anläggningsavgift och brukningsavgift för en villa 2026

För en normal villa med en förbrukning på 150 kubikmeter per år ökar den årliga kostnaden från
8 240 kronor till 8 982 kronor, det vill säga med 742 kronor per år.

## § 44 Vatten och avlopp till kvarteret Sjöboden

Detaljplanen för kvarteret Sjöboden möjliggör cirka 320 bostäder i fyra till åtta våningar.
Bolaget bygger ut ledningsnätet till kvarteret under 2026.

## § 45 Ansökan om sponsring från Simklubben Delfinen

Simskolan riktar sig till unga vuxna 19–29 år med funktionsnedsättning som vill lära sig simma.

Per Ek (M) yrkar att det sökta beloppet 48 000 kronor beviljas i sin helhet.

Styrelsen beviljar 30 000 kronor.

## § 46 Ombyggnad av pumphuset i Norrtorp

VD föreslår att pumphuset i Norrtorp byggs om för 4,2 mnkr.

Lars Ström (M) yrkar avslag på förslaget och att bolaget hyr ett mobilt reservvattenverk.

Ordföranden ställer proposition på VD:s förslag mot Lars Ströms yrkande. Votering begärs. Den som
vill bifalla VD:s förslag röstar ja. Den som vill bifalla Lars Ströms (M) yrkande röstar nej.

## § 47 Medborgarförslag om en dricksvattenfontän vid Strandtorget

Ärendebeskrivning

Maja Berg har i ett medborgarförslag föreslagit att bolaget sätter upp en dricksvattenfontän
vid Strandtorget i Sundby under sommaren.

Yrkanden

Eva Holm (S) yrkar bifall till medborgarförslaget om en dricksvattenfontän vid Strandtorget.

Beslut

1. Medborgarförslaget avslås.
2. Bolaget skyltar i stället till tappstället vid badplatsen.

## § 48 Sponsring av idrottsföreningar 2025

Till årets sponsring kom elva ansökningar in med ett sammanlagt sökt belopp om 661 000 kronor.
Styrelsen beviljar tio idrottsföreningar sponsring med sammanlagt 546 800 kronor. Sponsringen
ryms inom bolagets marknadsbudget för idrottsföreningar, som för 2025 uppgår till 5 400 tkr.

## § 49 Avgift för slamtömning 2026

Styrelsen fastställer avgiften för slamtömning till 1 450 kronor per tömning från 2026.

Per Ek (M) yrkar att avgiften för slamtömning av enskilda avlopp ska ligga kvar på 1 200 kronor
per tömning nästa år.

## § 50 Ny pumpstation i Lillfors

Styrelsen godkänner att bolaget upphandlar en totalentreprenad för bygget av en ny pumpstation i
Lillfors. Upphandlingen ska vara avslutad i december 2025.
"""


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    folder = tmp_path_factory.mktemp("board")
    path = folder / "sundby-vatten-2025-06-12.md"
    path.write_text(_STYRELSE, encoding="utf-8")
    with Protokollsok(Settings(data=folder / "data"), embedder=embedder) as app:
        assert not app.ingest([path]).failed
        yield app


def test_what_a_named_member_moved_is_their_motion_not_the_vote_or_reservation_naming_it(
    board: Protokollsok,
) -> None:
    # "Helena Dahls yrkande" and "Helena Dahl (SD) reserverar sig" name her too; only one
    # sentence has her doing what the question asks.
    r = board.ask("Vad yrkade Helena Dahl om vattentaxan?")
    assert "högst 6 procent" in r["answer"], r["answer"]


def test_the_size_of_a_fee_is_a_sum_of_money_not_a_count_beside_it(board: Protokollsok) -> None:
    r = board.ask("Hur stor blev sanktionsavgiften för vindslägenheterna på Kvarngatan 6?")
    assert "54 801 kronor" in r["answer"], r["answer"]
    assert not r["answer"].startswith("två"), r["answer"]


def test_a_distance_is_answered_by_a_length_not_an_area(board: Protokollsok) -> None:
    r = board.ask("Hur nära tomtgränsen står pumpstationen vid Lillfors?")
    assert "1,5 meter" in r["answer"], r["answer"]
    # The station's area stands in the sentence before, as close to the question.
    assert "62 kvadratmeter" not in r["answer"], r["answer"]


def test_a_post_asked_by_its_abbreviation_is_found_in_the_attendance_table(
    board: Protokollsok,
) -> None:
    r = board.ask("Vem är vd för Sundby Vatten AB?")
    assert r["answer"].startswith("Anna-Karin Wester"), r["answer"]


@pytest.mark.parametrize(
    "question",
    [
        # "över 85" names the motion; the board's proposal does not repeat it.
        "Vad tyckte styrelsen om motionen om larm på vattenmätare för personer över 85?",
        # The party in the genitive is the motion's author, not who speaks.
        "Vad tyckte styrelsen om Socialdemokraternas motion om larm på vattenmätare?",
    ],
)
def test_what_a_board_thought_of_a_motion_is_its_own_proposal_not_a_members_yrkande(
    board: Protokollsok, question: str
) -> None:
    # The member's yrkande, as close in meaning, is hers, not the board's.
    r = board.ask(question)
    assert "avslå motionen" in r["answer"], r["answer"]


def test_a_deadline_is_a_date_ahead_not_the_date_of_the_document_that_set_it(
    board: Protokollsok,
) -> None:
    r = board.ask(
        "Till när måste verkstaden ha redovisat åtgärderna efter Arbetsmiljöverkets inspektion?"
    )
    assert "30 september 2025" in r["answer"], r["answer"]


def test_a_rise_asked_as_a_comparison_is_the_amount_it_rises_by_not_the_new_level(
    board: Protokollsok,
) -> None:
    # The sentence states the old and the new yearly cost too.
    r = board.ask("Hur mycket ökar årskostnaden för en villa?")
    assert r["answer"].startswith("742 kronor"), r["answer"]


def test_a_count_the_question_states_is_not_its_answer(board: Protokollsok) -> None:
    # The protocol does not say how many of them are rental flats.
    r = board.ask("Hur många av de 320 bostäderna i kvarteret Sjöboden blir hyresrätter?")
    assert not r["answer"].startswith(("320", "cirka 320")), r["answer"]


def test_what_a_named_member_moved_is_never_the_matter_described_without_him(
    board: Protokollsok,
) -> None:
    # The description of the swimming school carries more of the question's words than the
    # sentence in which Per Ek moves anything; it says nothing he moved.
    r = board.ask("Vad yrkade Per Ek om simskolan för unga vuxna med funktionsnedsättning?")
    assert "Simskolan riktar sig" not in r["answer"], r["answer"]


def test_what_a_member_wanted_is_what_he_moved_not_the_vote_put_on_it(
    board: Protokollsok,
) -> None:
    # His yrkande carries none of the question's words but his name; the proposition order
    # that names it ("Den som vill bifalla Lars Ströms (M) yrkande …") carries "vill" too.
    r = board.ask("Vad ville Lars Ström göra med pumphuset?")
    assert r["answer"].startswith("Lars Ström (M) yrkar avslag"), r["answer"]


@pytest.mark.parametrize(
    "question",
    [
        "Vad blev det för beslut om medborgarförslaget om en dricksvattenfontän vid Strandtorget?",
        "Vad tyckte styrelsen om förslaget om en dricksvattenfontän vid Strandtorget?",
    ],
)
def test_what_was_decided_on_a_matter_is_its_decision_not_the_description_or_a_yrkande(
    board: Protokollsok, question: str
) -> None:
    # The description and the yrkande under the same item carry more of the question's words.
    r = board.ask(question)
    assert "Medborgarförslaget avslås" in r["answer"], r["answer"]


def test_what_was_got_is_the_sum_granted_not_the_count_or_the_sum_applied_for(
    board: Protokollsok,
) -> None:
    # "hur mycket" asks an amount, which "elva ansökningar" is not; "sökt belopp" was asked for.
    r = board.ask("Hur mycket fick idrottsföreningarna i sponsring 2025?")
    assert r["answer"].startswith(("546 800 kronor", "sammanlagt 546 800 kronor")), r["answer"]


def test_a_members_yrkande_is_not_the_fee_that_holds(board: Protokollsok) -> None:
    # His yrkande carries more of the question's words than the board's decision.
    r = board.ask("Vad kommer slamtömning av enskilda avlopp att kosta nästa år?")
    assert "1 200 kronor" not in r["answer"], r["answer"]


def test_which_company_is_answered_by_a_company_or_not_at_all(board: Protokollsok) -> None:
    # The board that will procure the work is no company; the minutes name none.
    r = board.ask("Vilket byggföretag ska bygga den nya pumpstationen i Lillfors?")
    assert r["answer"] == "Jag hittar inget svar på det i protokollen.", r["answer"]
