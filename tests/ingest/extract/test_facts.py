"""All facts of whole protocols: every fact quotes itself, stands in its item, is given once.

Every fact must quote itself: `protocol.text[start:end]` holds the names and numbers it states.
"""

from __future__ import annotations

import re

import pytest
from protokoll.ingest.extract import extract_facts
from protokoll.ingest.records import FACT_KINDS

from tests.conftest import SEEDS, require_corpus
from tests.ingest.extract.protocols import HEAD, PERSON_KINDS, all_protocols, parse, quote

# Organisations that occur in the seeds and examples beside person names.
ORGANISATION_WORDS = {
    "region", "kommun", "kommunförbundet", "sveriges", "läns-gemensam", "ledning", "län",
    "norrvik", "skolverket", "kommunstyrelsen", "nämnden", "förbundet", "folkhögskola",
}  # fmt: skip


def test_every_fact_on_the_seeds_and_examples_quotes_the_names_and_numbers_it_states() -> None:
    protocols = all_protocols()
    assert len(protocols) >= 5
    for p in protocols:
        for f in extract_facts(p):
            span = quote(p, f)
            where = f"{p.source}: {f}"
            assert 0 <= f.start < f.end <= len(p.text), where
            assert not p.text[f.start].isspace() and not p.text[f.end - 1].isspace(), where
            assert f.kind in FACT_KINDS, where
            if f.kind in PERSON_KINDS:
                assert f.subject in span, where
            if f.kind == "substitution":
                assert f.value and f.value in span, where
            if f.kind == "attendance" and f.value:
                assert all(part.strip() in span for part in f.value.split(",")), where
            if f.kind == "role" and f.detail:
                assert f.detail in span, where
            if f.kind == "number":
                assert f.value and f.value in span, where
                assert all(d in span for d in re.findall(r"\d+", f.value)), where


def test_a_fact_carries_the_number_of_the_item_it_stands_in() -> None:
    for p in all_protocols():
        for f in extract_facts(p):
            holding = [s for s in p.sections if s.start <= f.start < s.end]
            assert holding, f
            assert f.section_number == holding[-1].number, f


def test_each_fact_kind_is_found_on_the_seeds_and_examples() -> None:
    require_corpus(SEEDS)
    kinds = {f.kind for p in all_protocols() for f in extract_facts(p)}
    assert kinds == set(FACT_KINDS)


def test_no_organisation_is_returned_as_a_person() -> None:
    for p in all_protocols():
        for f in extract_facts(p):
            if f.kind not in PERSON_KINDS:
                continue
            people = [f.subject] + ([f.value] if f.kind == "substitution" and f.value else [])
            for name in people:
                words = name.split()
                assert 2 <= len(words) <= 4, f
                assert all(w[0].isupper() for w in words), f
                assert not {w.lower() for w in words} & ORGANISATION_WORDS, f


def test_identical_facts_are_given_once_and_extraction_is_pure() -> None:
    for p in all_protocols():
        facts = extract_facts(p)
        keys = [(f.kind, f.subject, f.value, f.detail) for f in facts]
        assert len(keys) == len(set(keys)), p.source
        assert extract_facts(p) == facts


@pytest.mark.parametrize(
    "sentence",
    [
        "Region Kalmar ersätter Kalmar kommun för kostnaderna.",
        "Sveriges Kommuner och Regioner presenterade en rapport.",
        "Planen ersätter den tidigare planen från 2019.",
        "Kalmar Läns Trafik berättar om nya linjer.",
        "Nämnden utser en arbetsgrupp.",
        "Karin Öst, brukarrepresentant, frågar hur brukarna ska involveras.",
        "Enligt Socialstyrelsen ersätter den nya föreskriften Anna Bergs riktlinje.",
        "Ordföranden ställer proposition och finner att nämnden bifaller förslaget.",
        "Skyfallskarteringen visar att tre bostadsområden riskerar översvämning.",
        "Läns-gemensam ledning beslutar att godkänna årshjulet.",
        "Ärendet ersätts av ett nytt ärende.",
    ],
)
def test_sentences_without_a_person_fact_yield_none(sentence: str) -> None:
    p = parse(HEAD + sentence + "\n")
    assert [f for f in extract_facts(p) if f.kind in PERSON_KINDS] == []
