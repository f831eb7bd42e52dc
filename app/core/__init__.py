"""The core: the questionnaire format, answers, scoring and the result model.

Plain Python with no I/O: nothing here imports the rest of `app`, a web framework, a database
library or matplotlib (checked by import-linter in `make lint`).
"""
