"""Helpers the stand-ins share to make token values in their providers' formats."""

from __future__ import annotations


def encode(number: int, alphabet: str, width: int) -> str:
    """`number` written in the base of `alphabet`'s length, zero-padded to `width` digits."""
    digits = ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    return digits.rjust(width, alphabet[0])
