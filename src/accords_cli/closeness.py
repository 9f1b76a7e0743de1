"""Whether a word typed is close enough to a known one to suggest it, as git suggests commands.

The measure is the Damerau-Levenshtein distance (optimal string alignment): each letter
inserted, deleted or changed, and each pair of neighbours swapped, is one edit. A name is close
when the edits it takes are at most 30% of the letters typed (one at least), or when it starts
with what was typed (``publish`` for ``publishers``), and only the closest names are offered.

Why not ``difflib``'s ratio: it counts a swap as two changes, so ``shwo`` scores 0.75 against
``show`` and a floor of 0.8 misses the commonest typo in a short word; the floor low enough to
catch it (0.6, Click's and this tool's before) offers 'Saudi Arabia' for ``narnia`` (0.67) and
``--no-pager`` for ``--speaker``. Edits counted against the length typed behave as a reader
does: one slip in a short word, two in ``morroco``, never three in six letters (``narnia`` and
``arabia``).
"""

from collections.abc import Iterable

SHARE = 0.3  # of the letters typed that may be wrong
SHORTEST = 3  # fewer letters typed say too little to guess from


def distance(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``: insertions, deletions, changes and swaps of neighbours."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        earlier, before, row = before, row, [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], earlier[j - 2] + 1)
    return row[-1]


def allowed(typed: str) -> int:
    """How many edits ``typed`` may be from a name that is still worth suggesting."""
    if len(typed) < SHORTEST:
        return 0
    return max(1, int(len(typed) * SHARE))


def closest(typed: str, names: Iterable[tuple[str, Iterable[str]]]) -> list[str]:
    """The names close to ``typed``, closest first, only those at the smallest distance.

    ``names`` pairs each name with the forms to compare (already folded: its whole form and
    its words, say); a name's distance is that of its closest form.
    """
    budget = allowed(typed)
    if budget < 1:
        return []
    found: dict[str, int] = {}
    for name, forms in names:
        for form in forms:
            if form.startswith(typed):  # a name begun and not finished: as close as one slip
                edits = 1
            elif abs(len(form) - len(typed)) > budget:  # more edits than that, surely
                continue
            else:
                edits = distance(typed, form)
            if edits <= budget and edits < found.get(name, budget + 1):
                found[name] = edits
    if not found:
        return []
    best = min(found.values())
    return [name for name, edits in found.items() if edits == best]
