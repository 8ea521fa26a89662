"""govkg.graph: facts in, graph out (merge, RDF, HTML, SPARQL) and the notebook API."""
