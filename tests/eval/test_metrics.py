import math

import pytest
from protokoll.eval.metrics import mrr_at, ndcg_at, question_metrics, recall_at, summarise
from protokoll.eval.retrieval import by_category, modes_for, parse_mode
from protokoll.eval.summary import sweep_table


def test_recall_counts_alternatives_once_when_any_one_suffices() -> None:
    assert recall_at([2, 3], 2, 1, any_one=True) == 0.0
    assert recall_at([2, 3], 2, 5, any_one=True) == 1.0
    assert recall_at([2, 30], 2, 5, any_one=False) == 0.5


def test_mrr_and_ndcg() -> None:
    assert mrr_at([3, 7]) == 1 / 3
    assert mrr_at([11]) == 0.0
    assert math.isclose(ndcg_at([1], 1), 1.0)
    assert math.isclose(ndcg_at([2], 1), 1 / math.log2(3))


def test_summarise_does_not_mutate_rows() -> None:
    rows = [question_metrics([1], 1, True), question_metrics([], 1, True)]
    copy = [dict(r) for r in rows]
    assert summarise(rows)["R@1"] == 0.5
    assert rows == copy


def test_ndcg_with_two_relevant_items_by_hand() -> None:
    # relevant at ranks 1 and 3 of 2: DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3)
    assert math.isclose(ndcg_at([1, 3], 2), 1.5 / (1 + 1 / math.log2(3)))
    # with alternatives (any one suffices) only the first counts, against an ideal of one
    assert math.isclose(ndcg_at([3, 1], 2, any_one=True), 1.0)
    assert math.isclose(ndcg_at([2, 3], 2, any_one=True), 1 / math.log2(3))
    assert ndcg_at([11], 1, k=10) == 0.0


def test_question_metrics_by_hand() -> None:
    m = question_metrics([4, 8], 2, any_one=False)
    assert (m["R@1"], m["R@5"], m["R@10"], m["MRR@10"]) == (0.0, 0.5, 1.0, 0.25)
    ideal = 1 + 1 / math.log2(3)
    assert math.isclose(m["nDCG@10"], (1 / math.log2(5) + 1 / math.log2(9)) / ideal)
    assert question_metrics([], 1, any_one=True) == {
        "R@1": 0.0, "R@5": 0.0, "R@10": 0.0, "MRR@10": 0.0, "nDCG@10": 0.0}  # fmt: skip


def test_modes_and_fusion_weights_parse_strictly() -> None:
    swept = ["dense", "lexical", "hybrid", "hybrid@0.5", "hybrid@0.8"]
    assert modes_for("all", [0.5, 0.8]) == swept
    assert parse_mode("hybrid@0.65") == ("hybrid", 0.65)
    assert parse_mode("lexical") == ("lexical", None)
    for bad in ("dense@0.5", "hybrid@1.5", "hybrid@x", "bm25"):
        with pytest.raises(ValueError):
            parse_mode(bad)


def test_categories_summarise_each_tagged_question_under_every_tag() -> None:
    found, missed, second = (question_metrics(r, 1, True) for r in ([1], [], [2]))
    rows = [{"mode": "dense", "categories": ["number", "typo"], **found},
            {"mode": "dense", "categories": ["number"], **missed},
            {"mode": "hybrid", "categories": ["number"], **second}]  # fmt: skip
    cats = by_category(rows, ["dense", "hybrid"])
    assert cats["number"]["dense"]["R@1"] == 0.5 and cats["number"]["dense"]["n"] == 2
    assert cats["typo"]["dense"]["R@1"] == 1.0 and "hybrid" not in cats["typo"]
    assert cats["number"]["hybrid"]["MRR@10"] == 0.5


def test_sweep_table_leaves_out_the_reporting_split() -> None:
    m = {"R@1": 0.5, "R@5": 1.0, "R@10": 1.0, "MRR@10": 0.7, "nDCG@10": 0.8, "n": 2}
    modes = {"dense": m, "lexical": m, "hybrid@0.5": {**m, "nDCG@10": 0.6}}
    dev = {"dataset": "b (dev)", "questions": 2, "modes": modes}
    training = {"dataset": "b (training)", "questions": 2, "modes": {**modes, "hybrid@0.5": m}}
    results = [
        {"dataset": "a", "questions": 2, "modes": modes},
        {"dataset": "b", "splits": {"dev": dev, "training": training}},
    ]
    table = sweep_table(results, "nDCG@10", skip=["(dev)"]).splitlines()
    assert table[0] == "| nDCG@10 | a | b (training) | medel |"
    assert table[-1] == "| hybrid@0.5 | 0.600 | 0.800 | 0.700 |"


def test_answer_match_ignores_case_diacritics_and_the_kind_of_dash() -> None:
    from protokoll.eval.answers import is_correct
    from protokoll.eval.datasets import Question

    q = Question("q1", "till vilken nivå sänktes räntan?", (), "-0,50", "number")
    assert is_correct(q, "Reporäntan sänktes till −0,50 procent.")  # U+2212 minus sign
    assert not is_correct(q, "Reporäntan sänktes till 0,50 procent.")
    name = Question("q2", "vem ersatte?", (), "Karin Jilken", "person")
    assert is_correct(name, "KARIN JILKÉN ersätter Karin Torstensson")


def test_an_amount_written_in_full_matches_the_same_amount_with_a_scale_word() -> None:
    from protokoll.eval.answers import is_correct
    from protokoll.eval.datasets import Question

    q = Question("q3", "hur mycket?", (), ["8 miljoner kronor"], "money")
    assert is_correct(q, "Anslaget är 8 000 000 kronor.")
    assert is_correct(q, "Anslaget är 8 000 000 kr.")
    assert not is_correct(q, "Anslaget är 8 000 000 euro.")
    assert not is_correct(q, "Anslaget är 80 000 000 kronor.")
    assert not is_correct(q, "Anslaget är 8 kronor.")
    half = Question("q4", "hur mycket?", (), ["1,5 miljarder"], "money")
    assert is_correct(half, "Kostnaden beräknas till 1 500 miljoner kronor")
    full = Question("q5", "hur mycket?", (), ["2 500 000 kronor"], "money")
    assert is_correct(full, "Bidraget blir 2,5 miljoner kronor.")
