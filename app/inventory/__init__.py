"""The inventory (Skolverket's workshops): the task catalogue, and workshop 1 (nuläge)."""
