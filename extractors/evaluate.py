"""Extraction vs gold JSON → precision/recall/F1, exactly as ``docs/gold-format.md`` scores.

- Entities match on (type, name); an extracted name also matches when it equals one of the
  gold entity's aliases. Predictions are counted once per distinct (type, name), so a
  misprint kept as a second entity costs precision.
- Relations match on (s, p, o) after the same name resolution; ``title`` is scored as
  exact-match accuracy over matched holdsPost links.
- Articles match on title with whitespace removed, or when one title contains the other
  (both at least 4 characters); matching is one-to-one, in page order.
Micro P/R/F1 per type and per predicate, per file and over all files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .records import ENTITY_TYPES, PREDICATES

__all__ = ["Counts", "Score", "score_doc", "score_all", "format_table", "errors"]

_WS = re.compile(r"\s+")


@dataclass
class Counts:
    """True positives, predictions and gold items of one row."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """All rows of one file (or of all files, summed)."""

    rows: dict[str, Counts] = field(default_factory=dict)

    def row(self, name: str) -> Counts:
        return self.rows.setdefault(name, Counts())

    def add(self, other: "Score") -> None:
        for k, c in other.rows.items():
            self.row(k).add(c)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {k: {"tp": c.tp, "pred": c.pred, "gold": c.gold,
                    "p": round(c.p, 4), "r": round(c.r, 4), "f1": round(c.f1, 4)}
                for k, c in self.rows.items()}


ROW_ORDER = (["articles", "bylines"] + list(ENTITY_TYPES) + ["entities"] + list(PREDICATES)
             + ["relations", "holdsPost.title"])


def _norm_title(t: str) -> str:
    return _WS.sub("", t)


def _match_articles(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index): exact first, then containment."""
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    pt = [_norm_title(a.get("title", "")) for a in pred]
    gt = [_norm_title(a.get("title", "")) for a in gold]
    for exact in (True, False):
        for gi, g in enumerate(gt):
            if gi in used_g:
                continue
            for pi, p in enumerate(pt):
                if pi in used_p or not p:
                    continue
                ok = p == g if exact else (min(len(p), len(g)) >= 4 and (p in g or g in p))
                if ok:
                    pairs.append((pi, gi))
                    used_p.add(pi)
                    used_g.add(gi)
                    break
    return pairs


def _resolver(gold_entities: Iterable[dict[str, Any]], typed: bool) -> dict[Any, str]:
    """Map an extracted name (keyed with its type when ``typed``) to the gold canonical name."""
    out: dict[Any, str] = {}
    ents = list(gold_entities)
    for e in ents:  # aliases first, so a canonical name always wins over another's alias
        for a in e.get("aliases", ()):
            out[(e["type"], a) if typed else a] = e["name"]
    for e in ents:
        out[(e["type"], e["name"]) if typed else e["name"]] = e["name"]
    return out


def _resolve_entities(pred: dict[str, Any], gold: dict[str, Any]) -> set[tuple[str, str]]:
    res = _resolver(gold.get("entities", ()), typed=True)
    return {(e["type"], res.get((e["type"], e["name"]), e["name"])) for e in pred.get("entities", ())}


def _resolve_relations(pred: dict[str, Any], gold: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    res = _resolver(gold.get("entities", ()), typed=False)
    out: dict[tuple[str, str, str], str] = {}
    for r in pred.get("relations", ()):
        key = (res.get(r["s"], r["s"]), r["p"], res.get(r["o"], r["o"]))
        out.setdefault(key, r.get("title", ""))
    return out


def score_doc(pred: dict[str, Any], gold: dict[str, Any]) -> Score:
    """Score one document's extraction (gold-format dict) against its gold file."""
    s = Score()
    pa, ga = list(pred.get("articles", ())), list(gold.get("articles", ()))
    pairs = _match_articles(pa, ga)
    s.rows["articles"] = Counts(len(pairs), len(pa), len(ga))
    by = s.row("bylines")
    for pi, gi in pairs:
        for role in ("reporters", "correspondents"):
            pp, gg = set(pa[pi].get(role, ())), set(ga[gi].get(role, ()))
            by.add(Counts(len(pp & gg), len(pp), len(gg)))

    ents = _resolve_entities(pred, gold)
    gold_ents = {(e["type"], e["name"]) for e in gold.get("entities", ())}
    for t in ENTITY_TYPES:
        pe = {e for e in ents if e[0] == t}
        ge = {e for e in gold_ents if e[0] == t}
        c = Counts(len(pe & ge), len(pe), len(ge))
        s.rows[t] = c
        s.row("entities").add(c)

    rels = _resolve_relations(pred, gold)
    gold_rels = {(r["s"], r["p"], r["o"]): r.get("title", "") for r in gold.get("relations", ())}
    title = s.row("holdsPost.title")
    for p in PREDICATES:
        pr = {k for k in rels if k[1] == p}
        gr = {k for k in gold_rels if k[1] == p}
        c = Counts(len(pr & gr), len(pr), len(gr))
        s.rows[p] = c
        s.row("relations").add(c)
        if p == "holdsPost":
            for k in pr & gr:
                title.add(Counts(int(rels[k] == gold_rels[k]), 1, 1))
    return s


def score_all(pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any]]]) -> tuple[dict[str, Score], Score]:
    """Score (doc, pred, gold) triples; returns per-file scores and their micro sum."""
    per: dict[str, Score] = {}
    total = Score()
    for doc, pred, gold in pairs:
        per[doc] = score_doc(pred, gold)
        total.add(per[doc])
    return per, total


def format_table(per: dict[str, Score], total: Score) -> str:
    """A plain-text table: one block per file, then the overall micro scores."""
    lines = []
    for name, sc in list(per.items()) + [("ALL FILES", total)]:
        lines.append(f"== {name}")
        lines.append(f"{'row':<16}{'tp':>5}{'pred':>6}{'gold':>6}{'P':>8}{'R':>8}{'F1':>8}")
        for k in ROW_ORDER:
            if k in sc.rows:
                c = sc.rows[k]
                if k == "holdsPost.title":
                    lines.append(f"{k:<16}{c.tp:>5}{'':>6}{c.gold:>6}{'acc':>8}{'':>8}{c.r:>8.3f}")
                else:
                    lines.append(f"{k:<16}{c.tp:>5}{c.pred:>6}{c.gold:>6}{c.p:>8.3f}{c.r:>8.3f}{c.f1:>8.3f}")
        lines.append("")
    return "\n".join(lines)


def errors(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, list[Any]]:
    """False positives and false negatives of one document, for finding where the gap is."""
    ents = _resolve_entities(pred, gold)
    gold_ents = {(e["type"], e["name"]) for e in gold.get("entities", ())}
    rels = _resolve_relations(pred, gold)
    gold_rels = {(r["s"], r["p"], r["o"]): r.get("title", "") for r in gold.get("relations", ())}
    wrong_titles = [(k, rels[k], gold_rels[k]) for k in set(rels) & set(gold_rels)
                    if k[1] == "holdsPost" and rels[k] != gold_rels[k]]
    pa, ga = list(pred.get("articles", ())), list(gold.get("articles", ()))
    matched = _match_articles(pa, ga)
    return {
        "entity_fp": sorted(ents - gold_ents), "entity_fn": sorted(gold_ents - ents),
        "relation_fp": sorted(set(rels) - set(gold_rels)),
        "relation_fn": sorted(set(gold_rels) - set(rels)),
        "title_wrong": sorted(wrong_titles),
        "article_fp": [pa[i].get("title") for i in range(len(pa)) if i not in {p for p, _ in matched}],
        "article_fn": [ga[i].get("title") for i in range(len(ga)) if i not in {g for _, g in matched}],
    }
