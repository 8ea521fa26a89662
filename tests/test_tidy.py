"""graph/tidy.py: between a distributed build's tasks, memos past their budget are emptied, those
within it kept, and what extraction and keys give does not change for it."""
from __future__ import annotations

from govkg.extractors import extract
from govkg.extractors.lexicon import load
from govkg.graph import keys, tidy

TEXT = "本报讯 芦淞区白关镇推行“田埂议事厅”制度，镇党委书记龚晓岚介绍经验。岳鹿区望月湖街道也在推行。\n"


def _memos() -> dict[str, int]:
    lex = load()
    return {k: len(v) for k, v in lex.memos().items()}


def test_memos_past_the_budget_are_emptied_and_the_rest_kept():
    before = extract(TEXT, doc="a.txt")
    keys.normalise("白关镇")
    filled = _memos()
    assert any(filled.values()) and keys.normalise.cache_info().currsize
    tidy.tidy(10**9, 10**9)
    assert _memos() == filled and keys.normalise.cache_info().currsize
    tidy.tidy(0, 0)
    assert not any(_memos().values()) and keys.normalise.cache_info().currsize == 0
    assert extract(TEXT, doc="a.txt") == before              # memos fill again with the same values


def test_a_task_is_tidied_after_even_when_it_fails(monkeypatch):
    calls = []
    monkeypatch.setattr(tidy, "tidy", lambda: calls.append(1))

    @tidy.between_tasks
    def task(x: int) -> int:
        if x < 0:
            raise ValueError(x)
        return x + 1

    assert task(1) == 2 and task.__name__ == "task"
    try:
        task(-1)
    except ValueError:
        pass
    assert calls == [1, 1]
