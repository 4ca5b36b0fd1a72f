import math

from protokoll.eval.metrics import mrr_at, ndcg_at, question_metrics, recall_at, summarise


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
