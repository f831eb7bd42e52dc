"""A problem in a questionnaire file, `path:line:column: message`, and the error carrying it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        # Always one line: a message may quote the file (a key with a line break in it), and
        # a problem must not be able to forge another line in a log or in `koll` output.
        text = f"{self.source}:{self.line}:{self.column}: {self.message}"
        return " ".join(text.splitlines())


class QuestionnaireError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
