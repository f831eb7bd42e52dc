"""The Swedish HTML pages: choosing a track, the self-check form and the results."""
