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
# Word: an item's paragraphs without blank lines between them.
_WORD = (
    "Beslutsunderlag\nTjänsteskrivelse 2024-05-02\nMiljönämndens protokoll 2024-05-14, § 52\n"
    "Yrkanden\nLena Ek (S) yrkar att ärendet återremitteras till förvaltningen.\n"
)


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
        (_WORD, "Miljönämndens protokoll", True),
        (_WORD, "Lena Ek", False),
    ],
)
def test_a_line_under_a_documents_label_lists_a_document(
    text: str, line: str, listed: bool
) -> None:
    start = text.index(line)
    sentence = text[start : text.find("\n", start)]
    assert _lists_documents(text, start, sentence) is listed
