"""Passwords: argon2id hashes, the rule for a new one, and the dummy check for nobody."""

from __future__ import annotations

from app.authorities.passwords import hash_password, password_problem, verify


def test_a_hash_is_argon2id_and_checks_only_its_password() -> None:
    stored = hash_password("ett långt lösenord")
    assert stored.startswith("$argon2id$")
    assert verify(stored, "ett långt lösenord")
    assert not verify(stored, "ett långt lösenord!")
    assert not verify("not a hash", "ett långt lösenord")


def test_no_hash_never_matches_even_the_dummys_password() -> None:
    assert not verify(None, "a password no user has, hashed like theirs")
    assert not verify(None, "")


def test_the_rule_for_a_new_password() -> None:
    assert password_problem("x" * 11, "x" * 11) == "Lösenordet ska vara minst 12 tecken."
    assert password_problem("x" * 12, "x" * 12) is None
    assert password_problem("x" * 12, "y" * 12) == (
        "Lösenorden är inte likadana. Skriv samma lösenord i båda fälten."
    )
    assert password_problem("x" * 1025, "x" * 1025) == "Lösenordet får vara högst 1024 tecken."
