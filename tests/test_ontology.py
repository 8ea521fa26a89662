"""govkg.ontology: the vocabulary file, the closed namespace and the base IRI agree."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from govkg import ontology
from govkg.ontology import GOV, NS


def _terms_in(g: Graph) -> set[str]:
    return {str(t)[len(NS):] for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NS)}


def test_every_namespace_term_is_declared_in_the_ontology_and_back():
    g = Graph().parse(source=ontology.path("govkg.ttl"), format="turtle")
    declared = {str(s)[len(NS):] for s in g.subjects(RDF.type, None) if str(s).startswith(NS)}
    names = set(GOV.__annotations__)
    assert names == declared
    assert _terms_in(g) <= names


def test_every_term_has_an_english_and_a_chinese_label():
    g = Graph().parse(source=ontology.path("govkg.ttl"), format="turtle")
    for name in GOV.__annotations__:
        langs = {lbl.language for lbl in g.objects(GOV[name], RDFS.label)}
        assert {"en", "zh"} <= langs or name in {"viaPost", "articleIndex", "start", "end"}, name


def test_ontology_reuses_org_schema_and_prov():
    g = Graph().parse(source=ontology.path("govkg.ttl"), format="turtle")
    assert (GOV.Organization, RDFS.subClassOf, ontology.ORG.Organization) in g
    assert (GOV.Place, RDFS.subClassOf, ontology.SDO.AdministrativeArea) in g
    assert (GOV.Person, RDFS.subClassOf, ontology.SDO.Person) in g
    assert (GOV.Evidence, RDFS.subClassOf, ontology.PROV.Entity) in g
    assert (GOV.divisionCode, RDF.type, OWL.DatatypeProperty) in g


def test_shapes_use_only_declared_terms():
    g = Graph().parse(source=ontology.path("shapes.ttl"), format="turtle")
    assert _terms_in(g) <= set(GOV.__annotations__)


def test_closed_namespace_refuses_a_misspelt_term():
    with pytest.raises(AttributeError):
        GOV.holdspost  # noqa: B018


def test_class_maps_point_at_declared_classes():
    g = Graph().parse(source=ontology.path("govkg.ttl"), format="turtle")
    for table in (ontology.TYPE_CLASS, ontology.LEVEL_CLASS, ontology.ORG_KIND_CLASS,
                  ontology.PROGRAM_KIND_CLASS):
        for cls in table.values():
            assert (cls, RDF.type, OWL.Class) in g


def test_base_is_overridable(monkeypatch):
    monkeypatch.delenv("GOVKG_BASE", raising=False)
    assert ontology.base() == ontology.DEFAULT_BASE
    monkeypatch.setenv("GOVKG_BASE", "http://example.com/kg")
    assert ontology.base() == "http://example.com/kg/"
    assert ontology.base("urn:x:") == "urn:x:"
