"""Speaker turns: minutes and transcripts that give each speaker a paragraph under a label."""

from __future__ import annotations

from protokoll.ingest.extract.turns import speaker_turns
from protokoll.ingest.parse import parse_protocol
from protokoll.ingest.readers.base import RawDocument, normalise_text

MINUTES = """Penningpolitiskt protokoll mars 2025

Sammanträdesdatum: 2025-03-19

§ 1. Diskussion

Riksbankschef Lena Strand:
Jag stödjer förslaget att lämna styrräntan oförändrad.
Beslut: styrräntan lämnas oförändrad.

Vice riksbankschef Olof Berg:
Jag ser att inflationen har fallit snabbare än väntat.

Ordföranden: Därmed är diskussionen avslutad.

Mats Lind (KD): Jag vill fråga om kronans växelkurs.

§ 2. Övriga frågor

Inga övriga frågor.
"""


def test_a_turn_runs_from_its_speakers_label_to_the_next_label_or_the_end_of_the_item() -> None:
    p = parse_protocol(RawDocument(normalise_text(MINUTES), "text"), "/tmp/pp.txt")
    turns = speaker_turns(p)
    # "Beslut:" and "Ordföranden:" name no person, so they start no turn.
    assert [t.speaker for t in turns] == ["Lena Strand", "Olof Berg", "Mats Lind"]
    strand, berg, lind = (p.text[t.start : t.end] for t in turns)
    assert strand.startswith("Riksbankschef Lena Strand:") and "styrräntan lämnas" in strand
    assert "inflationen" in berg and "Ordföranden" in berg  # the chair's line names nobody
    assert "växelkurs" in lind and "Övriga frågor" not in lind  # the item ends the turn


def test_minutes_without_speaker_labels_have_no_turns() -> None:
    text = "Protokoll kommunstyrelsen 2024-05-02\n\n§ 1. Budget\n\nBeslut: Budgeten fastställs.\n"
    p = parse_protocol(RawDocument(normalise_text(text), "text"), "/tmp/ks.txt")
    assert speaker_turns(p) == []
