"""relations.merge and entities.group: one record per fact, all its evidence kept in order."""
from govkg.extractors import entities, relations
from govkg.extractors.records import Entity, Evidence, Mention, Relation


def ent(name: str, type_: str = "Place") -> Entity:
    return Entity(type=type_, name=name)


def test_merge_joins_evidence_in_order_and_keeps_the_first_title():
    e1, e2, e3 = (Evidence(0, i, i + 2, f"s{i}") for i in range(3))
    rs = [Relation("甲", "holdsPost", "乙局", evidence=(e1,)),
          Relation("甲", "holdsPost", "乙局", title="局长", evidence=(e2, e1)),
          Relation("甲", "holdsPost", "乙局", title="副局长", evidence=(e3,))]
    [r] = relations.merge(rs, [ent("甲", "Person"), ent("乙局", "Organization")])
    assert r.evidence == (e1, e2, e3) and r.title == "局长"
    assert (r.s_type, r.o_type) == ("Person", "Organization")


def test_merge_drops_self_links_and_links_to_non_entities():
    rs = [Relation("甲", "partOf", "甲"), Relation("甲", "partOf", "丙"), Relation("甲", "partOf", "乙")]
    assert [(r.s, r.o) for r in relations.merge(rs, [ent("甲"), ent("乙")])] == [("甲", "乙")]


def test_group_takes_attributes_from_the_first_mention_that_has_them():
    ms = [Mention(type="Place", name="甲村", surface="甲村", article=0, start=0, end=2),
          Mention(type="Place", name="甲村", surface="甲", article=1, start=5, end=6, code="1", parent="乙镇"),
          Mention(type="Place", name="丙村", surface="丙", article=0, start=9, end=10, level="village")]
    a, b = entities.group(ms)
    assert (a.name, a.code, a.parent, a.aliases, len(a.mentions)) == ("甲村", "1", "乙镇", ("甲",), 2)
    assert (b.name, b.level, b.aliases, b.code) == ("丙村", "village", ("丙",), "")


def test_evolve_is_dataclasses_replace():
    """records.evolve, the fast replace the finders use, changes the named fields only."""
    import dataclasses
    from govkg.extractors.place_context import Cand
    from govkg.extractors.records import evolve
    r = Relation("甲", "holdsPost", "乙局", title="局长", evidence=(Evidence(0, 1, 3),))
    assert evolve(r, s_type="Person", o_type="Organization") == dataclasses.replace(
        r, s_type="Person", o_type="Organization")
    c = Cand(1, 4, "乙村", "village", 1, (), "430000000000", "甲乡")
    assert evolve(c, parent="") == dataclasses.replace(c, parent="") and evolve(c) == c
