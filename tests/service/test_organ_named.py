"""A fullmäktige's grants as residents ask about them: what socialnämnden got "för barn och
unga" is its own decision point, not the next one granting barn- och ungdomsnämnden, whose name
holds the question's words. One small protocol; each answer goes through the whole ask path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.facade import Protokollsok

from tests.conftest import answered_by, indexed_alone

_PROTOCOL = """Protokoll kommunfullmäktige 2025-04-14

Organ: Kommunfullmäktige i Lindvika kommun
Sammanträdesdatum: 2025-04-14

§ 31 Tilläggsbudget 2025
Dnr KS 2025/88

Ärendebeskrivning
Ekonomiavdelningen har sammanställt nämndernas begäran om tilläggsanslag i driftbudgeten för
2025.

Socialnämnden har begärt tilläggsanslag med 3,4 mnkr för ökade kostnader för placeringar av
barn och unga i familjehem. Barn- och ungdomsnämnden har begärt 1,9 mnkr för att öppna en ny
förskoleavdelning i Åsby.

Kommunfullmäktige beslutar
1. att bevilja socialnämnden tilläggsanslag med 3,4 mnkr för 2025,
2. att bevilja barn- och ungdomsnämnden tilläggsanslag med 1,9 mnkr för 2025,
3. att tilläggsanslagen finansieras ur kommunstyrelsens anslag för oförutsedda behov.
"""


@pytest.fixture(scope="module")
def fullmaktige(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[Protokollsok]:
    files = {"lindvika-kf-2025-04-14.txt": _PROTOCOL}
    with indexed_alone(tmp_path_factory.mktemp("lindvika"), embedder, files) as app:
        yield app


@pytest.mark.parametrize(
    ("question", "answer", "not_answer"),
    [
        ("Hur mycket fick socialnämnden i tilläggsanslag för placeringar av barn och unga 2025?",
         "3,4", "1,9"),
        ("Hur mycket fick barn- och ungdomsnämnden i tilläggsanslag 2025?", "1,9", "3,4"),
    ],
)  # fmt: skip
def test_what_a_named_nämnd_got_is_not_what_another_nämnd_got(
    fullmaktige: Protokollsok, question: str, answer: str, not_answer: str
) -> None:
    answered_by(fullmaktige, question, answer, not_answer)
