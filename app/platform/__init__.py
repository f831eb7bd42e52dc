"""The shared platform: settings, the database and its units of work, questionnaire versions by
hash, caches, URLs, logging, middleware, error responses, health and the app's state.

Imports the core only, never a feature (checked by import-linter in `make lint`).
"""
