"""govkg.ontology: the vocabulary as data (govkg.ttl, shapes.ttl, queries/*.rq)."""
