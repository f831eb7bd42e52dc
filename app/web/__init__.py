"""The shared page machinery: the Jinja environment and its Swedish formats, form helpers, the
questionnaire form page, what every chart shares, the templates (a folder per feature) and
the static files. Imports no feature package."""
