"""Which lines of a protocol may answer at all: a list of the documents a matter was prepared
with names documents, not facts about the matter."""

from __future__ import annotations

import pytest
from protokoll.service.ask.sentences import _lists_documents

_UNDERLINED = (
    "§ 146 Förskolan Lillfors\n\nBeslutsunderlag\n---------------\n"
    "Tjänsteskrivelse från samhällsbyggnadschef Mona Gran, 2025-09-30\n"
    "Anbudsutvärdering, förskolan Lillfors\n\nYrkanden\n--------\n"
    "Anna Berg (S) yrkar bifall till förvaltningens förslag.\n"
)
_MARKDOWN = (
    "### Beslutsunderlag\n\n- Tjänsteskrivelse 2024-08-26\n- Motion från Lina Fors (V)\n\n"
    "### Beslut\n\nNämnden beslutar att avslå motionen.\n"
)
_INLINE = "Beslutsunderlag: Tjänsteskrivelse 2024-01-02\n\nNämnden godkänner rapporten.\n"


@pytest.mark.parametrize(
    ("text", "line", "listed"),
    [
        (_UNDERLINED, "Tjänsteskrivelse från", True),
        (_UNDERLINED, "Anbudsutvärdering", True),
        (_UNDERLINED, "Anna Berg (S)", False),
        (_MARKDOWN, "Tjänsteskrivelse 2024", True),
        (_MARKDOWN, "Motion från", True),
        (_MARKDOWN, "Nämnden beslutar", False),
        (_INLINE, "Beslutsunderlag:", True),
        (_INLINE, "Nämnden godkänner", False),
    ],
)
def test_a_line_under_a_documents_label_lists_a_document(
    text: str, line: str, listed: bool
) -> None:
    assert _lists_documents(text, text.index(line)) is listed
