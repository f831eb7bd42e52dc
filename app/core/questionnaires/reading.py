"""Reading a questionnaire file without trusting it.

Admins write the files, but the running service reads them, so a file that is huge, not
UTF-8, nested hundreds of levels deep or built of aliases (a "billion laughs": a few hundred
bytes that expand to gigabytes) must be refused quickly and with its position, before
anything big is built. Hence a bounded read, and a YAML composer that refuses aliases and
stops at a depth and a number of values no questionnaire comes near. ruamel's composer pulls
parse events one at a time, so refusing there also stops the scanning.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError

from app.core import errors
from app.core.questionnaires.problems import Problem, QuestionnaireError

# The same default as `Settings.questionnaire_max_bytes`: the core reads no settings, so
# callers pass theirs, and this is what a caller that passes none gets.
DEFAULT_MAX_BYTES = 1024 * 1024
# A questionnaire nests 6 levels at most (document, areas, area, statements, statement, text).
MAX_DEPTH = 20
# Keys and values together. A questionnaire at every limit of the format (300 statements with
# every field, activities, 50 materials naming 30 areas and 10 levels each, ...) holds about
# 7,700; past this it cannot be valid, and stopping here keeps a generated file's refusal
# under a second.
MAX_VALUES = 8_000


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's text; refused unread when it is larger than `max_bytes`."""
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise _refused(source, errors.NOT_A_FILE.message())
        if info.st_size > max_bytes:
            raise _refused(source, _too_large(f"{info.st_size:,}", max_bytes))
        with path.open("rb") as stream:
            # Never more than the limit and one byte, even if the file grew since the stat.
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise _refused(source, errors.UNREADABLE_FILE.message(error=error)) from None
    if len(data) > max_bytes:
        raise _refused(source, _too_large(f"over {max_bytes:,}", max_bytes))
    return decode(data, source)


def decode(data: bytes, source: str) -> str:
    """UTF-8 text; a bad byte is reported at its line and column (in characters)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
        line_start = data.rfind(b"\n", 0, bad) + 1
        line = data.count(b"\n", 0, bad) + 1
        # Everything before the first bad byte decodes, so the column can count characters.
        column = len(data[line_start:bad].decode("utf-8")) + 1
        message = errors.NOT_UTF8.message(byte=data[bad])
        raise QuestionnaireError([Problem(source, line, column, message)]) from None


def read_yaml(text: str, source: str) -> CommentedMap:
    """The round-trip document (it keeps every position), refused at the first problem."""
    yaml = YAML(typ="rt")
    yaml.Composer = _GuardedComposer
    yaml.Constructor = _GuardedConstructor
    try:
        document = yaml.load(text)
    except _Refusal as error:
        raise _at(source, error.problem_mark, str(error.problem)) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        raise _at(source, mark, errors.INVALID_YAML.message(reason=reason)) from None
    except ReaderError as error:
        line, column = _text_position(text, error.position)
        message = errors.INVALID_CHARACTER.message(code=_code_point(error.character))
        raise QuestionnaireError([Problem(source, line, column, message)]) from None
    except YAMLError as error:
        raise _refused(source, errors.INVALID_YAML.message(reason=error)) from None
    if not isinstance(document, CommentedMap):
        raise _refused(source, errors.NOT_A_MAPPING.message())
    return document


class _Refusal(MarkedYAMLError):
    """A file refused for what it is built of; the problem is the whole message."""


class _GuardedComposer(Composer):
    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        # Aliases are refused, so a reused anchor name can do no harm; no warning about it.
        self.warn_double_anchors = False
        self._levels = 0
        self._values = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            message = errors.ALIAS.message(name=event.anchor)
            raise _Refusal(problem=message, problem_mark=event.start_mark)
        self._values += 1
        if self._values > MAX_VALUES:
            message = errors.TOO_MANY_VALUES.message(limit=MAX_VALUES)
            raise _Refusal(problem=message, problem_mark=event.start_mark)
        if self._levels >= MAX_DEPTH:
            message = errors.TOO_DEEP.message(limit=MAX_DEPTH)
            raise _Refusal(problem=message, problem_mark=event.start_mark)
        self._levels += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._levels -= 1


class _GuardedConstructor(RoundTripConstructor):
    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # A value YAML allows may still fail to become a Python one (an integer of 5,000
        # digits, the date 2024-13-45); report it at the value instead of as a traceback.
        try:
            data = super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            raise ConstructorError(problem=str(error), problem_mark=node.start_mark) from None
        # An escape ("\0", "\ud800") can put in a string what the file itself may not hold:
        # a lone surrogate cannot be encoded (hashing the definition would fail), and
        # PostgreSQL refuses NUL in stored text.
        bad = _NOT_PRINTABLE.search(data) if isinstance(data, str) else None
        if bad:
            message = errors.INVALID_CHARACTER.message(code=_code_point(bad.group()))
            raise _Refusal(problem=message, problem_mark=node.start_mark)
        return data


# What YAML itself allows in a file (its "printable" characters), applied to parsed strings.
_NOT_PRINTABLE = re.compile(r"[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _too_large(size: str, limit: int) -> str:
    return errors.FILE_TOO_LARGE.message(size=size, limit=f"{limit:,}")


def _refused(source: str, message: str) -> QuestionnaireError:
    return QuestionnaireError([Problem(source, 1, 1, message)])


def _at(source: str, mark: Any, message: str) -> QuestionnaireError:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return QuestionnaireError([Problem(source, line, column, message)])


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _code_point(character: Any) -> str:
    number = character if isinstance(character, int) else ord(character)
    return f"U+{number:04X}"
