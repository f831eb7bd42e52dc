"""Authorities (huvudmän): accounts and API tokens, schools, survey rounds with invitation links,
the comparison of their schools with its exports and heatmap, and history over rounds."""
