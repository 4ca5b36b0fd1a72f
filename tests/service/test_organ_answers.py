"""Questions about an organ and its members: the organ named by a part of its compound name
("räddningstjänsten" for "Räddningstjänstförbundet Norrdal"), what it decided when only
another organ's proposal to it is recorded ("Miljönämnden föreslår kommunfullmäktige att anta
taxan"), a role searched for by its name alone, and a substitute serving at one meeting, who
is not the one elected to the seat."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from ..conftest import indexed_alone

_PROTOCOLS = {
    "direktionen-2025-04-03.txt": (
        "Räddningstjänstförbundet Norrdal\n\nSammanträdesprotokoll – Direktionen\n\n"
        "Organ: Direktionen, Räddningstjänstförbundet Norrdal\nSammanträdesdatum: 2025-04-03\n\n"
        "Plats och tid: Brandstationen i Åby, konferensrummet Stegen, kl. 13.00–15.30\n\n"
        "Beslutande: Anna Lund (S), ordförande; Eva Holm (C); Mikael Berg (S), tjänstgörande "
        "ersättare för Jan Ås (M)\n\nUtses att justera: Eva Holm (C)\n\n"
        "§ 12 Delårsrapport januari–mars 2025\n\nFörbundet redovisar ett överskott på 1,2 "
        "miljoner kronor för årets första tre månader.\n\nBeslut\n\nDirektionen godkänner "
        "delårsrapporten.\n"
    ),
    "miljonamnden-2025-05-06.txt": (
        "PROTOKOLL\nMiljönämnden\nLövby kommun\n\nSammanträdesdatum: 2025-05-06\n\n"
        "§ 30 Taxa för tillsyn enligt miljöbalken\n\nFörvaltningen har sett över taxan för "
        "tillsyn enligt miljöbalken och jämfört den med grannkommunernas.\n\nBeslut\n\n"
        "Miljönämnden föreslår kommunfullmäktige att anta taxan för tillsyn enligt miljöbalken "
        "med en timavgift om 1 240 kronor.\n"
    ),
    "fullmaktige-2025-02-10.txt": (
        "PROTOKOLL\nKommunfullmäktige\nEkby kommun\n\nSammanträdesdatum: 2025-02-10\n\n"
        "§ 5 Budget 2025\n\nKommunstyrelsen har lämnat förslag till budget för 2025.\n\n"
        "Beslut\n\nKommunfullmäktige fastställer budgeten för 2025.\n\n"
        "§ 6 Svar på motion om solceller på kommunens tak\n\nAnna Berg (MP) föreslår i en "
        "motion att kommunen ska installera solceller på sina tak. Kommunstyrelsen konstaterar "
        "att solceller redan finns på sex kommunala byggnader.\n\nBeslut\n\n"
        "Motionen anses besvarad.\n"
    ),
}


@pytest.fixture(scope="module")
def organs(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Protokollsok]:
    with indexed_alone(tmp_path_factory.mktemp("organs"), embedder, _PROTOCOLS) as app:
        yield app


def test_a_part_of_an_organs_compound_name_names_its_meeting(organs: Protokollsok) -> None:
    answer = organs.ask("Var hölls direktionens sammanträde för räddningstjänsten Norrdal?")
    assert "Brandstationen i Åby" in answer["answer"]


def test_a_proposal_to_fullmaktige_is_not_its_decision(organs: Protokollsok) -> None:
    answer = organs.ask("Vad beslutade kommunfullmäktige i Lövby om taxan för miljötillsyn?")
    assert "föreslår" not in answer["answer"]


def test_the_proposal_is_the_decision_of_the_organ_that_made_it(organs: Protokollsok) -> None:
    answer = organs.ask("Vad beslutade miljönämnden i Lövby om taxan för miljötillsyn?")
    assert "1 240 kronor" in answer["answer"]


def test_a_role_searched_for_by_its_name_alone_is_answered_with_its_holder(
    organs: Protokollsok,
) -> None:
    assert "Eva Holm" in organs.ask("justerare direktionen Norrdal april 2025")["answer"]


def test_a_substitute_for_one_meeting_is_not_the_one_elected_to_the_seat(
    organs: Protokollsok,
) -> None:
    assert "Mikael Berg" in organs.ask("Vem tjänstgjorde för Jan Ås i direktionen?")["answer"]
    elected = organs.ask("Vem valdes till ny ledamot i direktionen efter Jan Ås?")
    assert "Mikael Berg" not in elected["answer"]


def test_how_many_voted_is_not_answered_by_another_count(organs: Protokollsok) -> None:
    # Fullmäktige answered the motion without a vote; "sex kommunala byggnader" counts no voters.
    answer = organs.ask("Hur många röstade för Anna Bergs motion om solceller i Ekby?")
    assert "sex kommunala byggnader" not in answer["answer"]
