"""A child's name as search compares it (decision 0048): one function, used by every writer
of a case (the model's save, the import's bulk write, the data migration) and by the search.

"O'Brien", "O’Brien", "o brien" and "OBRIEN" are one key, "obrien"; "Zoë" and "Zoe" are
"zoe"; "Mary-Jane" is "maryjane". The name is decomposed (NFKD), its combining marks
(accents) dropped, case folded, and everything but letters and digits removed (apostrophes
of any kind, hyphens, spaces, full stops).
"""

from __future__ import annotations

import unicodedata

SEARCH_KEY_LENGTH = 200


def search_key(text: str | None) -> str:
    """`text` folded as search compares names: no accents, case, punctuation or spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept.casefold() if ch.isalnum())[:SEARCH_KEY_LENGTH]
