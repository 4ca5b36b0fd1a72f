"""A sentence goes with the one before it when it goes on with it (referents.continues)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from protokoll.service.ask.context import Question
from protokoll.service.ask.referents import continues

_Q = cast(Question, SimpleNamespace(terms=lambda text: set(text.lower().split())))


def test_the_reason_after_a_motion_goes_with_it_when_its_mover_speaks_on() -> None:
    motion = "Roger Fors (SjvP) yrkar att vårdcentralen ska ha öppet på fredagar."
    assert continues(_Q, motion, "Fors anför att närmaste vårdcentral ligger 48 km bort.")
    # Another member speaking is another turn, not the reason for this motion.
    assert not continues(_Q, motion, "Lind anför att kostnaden blir för hög för nämnden.")
