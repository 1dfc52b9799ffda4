"""What `key create` and `key import` refuse: a disabled user, and an imported value a guesser could find.

The strength of an imported value is estimated from the characters it uses (a lower bound on what an
attacker must search, assuming each character drawn at random from the classes present): hex counts 4 bits
a character, so a UUID's 32 hex digits reach 128; a value with few distinct characters or one character
repeated is refused whatever its length."""

from __future__ import annotations

import math
import string

from healthsink.errors import Conflict, HealthsinkError

MIN_BITS = 128
_SEPARATORS = set("-_.: ")
_CLASSES = (set(string.ascii_lowercase), set(string.ascii_uppercase), set(string.digits))


def estimated_bits(value: str) -> float:
    chars = [c for c in value if c not in _SEPARATORS]
    if not chars:
        return 0.0
    distinct = set(chars)
    most_common = max(chars.count(c) for c in distinct)
    if len(distinct) < 8 or most_common > len(chars) / 4:
        return 0.0  # "aaaa…", "abababab…": patterned, not random
    if distinct <= set(string.hexdigits.lower()) or distinct <= set(string.hexdigits.upper() + string.digits):
        alphabet = 16
    else:
        alphabet = sum(len(c) for c in _CLASSES if distinct & c)
        alphabet += 32 if any(c not in set().union(*_CLASSES) for c in distinct) else 0
    return len(chars) * math.log2(alphabet)


def check(user, value: str, action: str) -> None:
    if user["disabled_at"] is not None:
        raise Conflict(f"user {user['email']} is disabled: `healthsink user enable {user['email']}` first")
    if not value:
        raise HealthsinkError("the key value is empty")
    if action == "import" and estimated_bits(value) < MIN_BITS:
        raise HealthsinkError(
            f"this value is too easy to guess (about {estimated_bits(value):.0f} bits; at least {MIN_BITS} are "
            "needed, e.g. a UUID or 22+ random letters and digits): use `healthsink key create` instead"
        )
