"""govkg.ontology: the vocabulary as data (govkg.ttl, shapes.ttl, queries/*.rq) and its names.

Two IRIs matter and they live here only:

* ``NS`` — our vocabulary (classes and properties, ``gov:``). It is fixed: a term's IRI is
  its identity, whatever server the data is published on.
* the *data base* — where node IRIs live (``<base>place/430203000000``). It defaults to
  ``DEFAULT_BASE`` and is overridden by the environment variable ``GOVKG_BASE`` or by the
  ``base=`` parameter of the functions that mint IRIs (``base()`` resolves the three).

``GOV`` is a closed rdflib namespace: a misspelt term raises instead of minting a new IRI.

>>> str(GOV.partOf)
'https://govkg.example.org/ns#partOf'
>>> GOV.partof
Traceback (most recent call last):
...
AttributeError: term 'partof' not in namespace 'https://govkg.example.org/ns#'
"""
from __future__ import annotations

import os
from importlib import resources
from importlib.abc import Traversable

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace, Namespace

__all__ = [
    "NS", "DEFAULT_BASE", "base", "GOV", "ORG", "SKOS", "PROV", "SDO", "DCTERMS", "RDF", "RDFS",
    "OWL", "XSD", "PREFIXES", "path", "TYPE_CLASS", "LEVEL_CLASS", "ORG_KIND_CLASS",
    "PROGRAM_KIND_CLASS", "PREDICATE_PROPERTY",
]

NS = "https://govkg.example.org/ns#"
DEFAULT_BASE = "https://govkg.example.org/"


def base(override: str | None = None) -> str:
    """The data base IRI: ``override``, else ``$GOVKG_BASE``, else ``DEFAULT_BASE`` (ends in ``/``)."""
    b = override or os.environ.get("GOVKG_BASE") or DEFAULT_BASE
    return b if b.endswith(("/", "#", ":")) else b + "/"


class GOV(DefinedNamespace):
    """Terms of ontology/govkg.ttl (keep the two in step; tests/test_ontology.py checks)."""

    _fail = True
    _NS = Namespace(NS)

    # entity classes
    Place: URIRef
    Organization: URIRef
    Person: URIRef
    Program: URIRef
    # place levels
    Province: URIRef
    City: URIRef
    County: URIRef
    Zone: URIRef
    Township: URIRef
    Village: URIRef
    Group: URIRef
    Compound: URIRef
    Street: URIRef
    # organisation kinds
    GovernmentBody: URIRef
    PartyOrgan: URIRef
    Committee: URIRef
    Enterprise: URIRef
    Institution: URIRef
    Association: URIRef
    MediaOutlet: URIRef
    # programme kinds
    Mechanism: URIRef
    Campaign: URIRef
    Project: URIRef
    Platform: URIRef
    Honour: URIRef
    Brand: URIRef
    # provenance
    Document: URIRef
    Article: URIRef
    Evidence: URIRef
    Fact: URIRef
    Corrections: URIRef
    gazetteer: URIRef
    # relations between entities
    partOf: URIRef
    locatedIn: URIRef
    holdsPost: URIRef
    implements: URIRef
    partners: URIRef
    # attributes
    level: URIRef
    kind: URIRef
    divisionCode: URIRef
    mentions: URIRef
    mentionedIn: URIRef
    mentionedAt: URIRef
    title: URIRef
    viaPost: URIRef
    articleIndex: URIRef
    start: URIRef
    end: URIRef
    sha256: URIRef


PREFIXES = {
    "gov": Namespace(NS), "org": ORG, "skos": SKOS, "prov": PROV, "schema": SDO,
    "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
}

TYPE_CLASS = {"Place": GOV.Place, "Organization": GOV.Organization, "Person": GOV.Person,
              "Program": GOV.Program}
LEVEL_CLASS = {"province": GOV.Province, "city": GOV.City, "county": GOV.County, "zone": GOV.Zone,
               "township": GOV.Township, "village": GOV.Village, "group": GOV.Group,
               "compound": GOV.Compound, "street": GOV.Street}
ORG_KIND_CLASS = {"government": GOV.GovernmentBody, "party": GOV.PartyOrgan,
                  "committee": GOV.Committee, "enterprise": GOV.Enterprise,
                  "institution": GOV.Institution, "association": GOV.Association,
                  "media": GOV.MediaOutlet}
PROGRAM_KIND_CLASS = {"mechanism": GOV.Mechanism, "campaign": GOV.Campaign, "project": GOV.Project,
                      "platform": GOV.Platform, "honour": GOV.Honour, "brand": GOV.Brand}
PREDICATE_PROPERTY = {"partOf": GOV.partOf, "locatedIn": GOV.locatedIn, "holdsPost": GOV.holdsPost,
                      "implements": GOV.implements, "partners": GOV.partners}


def path(name: str) -> Traversable:
    """A packaged file of govkg.ontology (``govkg.ttl``, ``shapes.ttl``, ``queries/x.rq``)."""
    return resources.files(__package__).joinpath(name)
