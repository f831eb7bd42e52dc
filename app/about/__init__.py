"""About the service: who runs it and what it keeps (/om), and its accessibility statement."""
