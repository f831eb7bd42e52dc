"""The self-check: a principal or an authority answers a questionnaire and sees the result,
with its chart, as a page and as JSON; the served questionnaires are reloaded while running."""
