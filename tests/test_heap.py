import gc

import pytest

from govkg.graph.heap import BULK_THRESHOLD, bulk


def test_bulk_runs_the_collector_rarely_within_and_restores_it_after_even_on_error():
    before = gc.get_threshold()
    with pytest.raises(KeyError):
        with bulk():
            assert gc.get_threshold() == BULK_THRESHOLD != before
            raise KeyError("x")
    assert gc.get_threshold() == before


def test_cycles_are_still_collected_within_bulk():
    class Node:
        pass

    with bulk():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2


def test_frozen_sets_what_exists_aside_and_gives_it_back_even_on_error():
    from govkg.graph.heap import frozen
    gc.unfreeze()
    with pytest.raises(KeyError):
        with frozen():
            assert gc.get_freeze_count() > 0
            raise KeyError("x")
    assert gc.get_freeze_count() == 0


def test_no_fork_while_another_thread_runs():
    import threading
    from govkg.graph.heap import can_fork
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not can_fork()       # the extraction pool and the output writers spawn instead
    finally:
        stop.set()
        t.join()
