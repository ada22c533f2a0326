"""The words of a title that can make a trending topic: any script, lower case, no stop words."""

import re
import unicodedata

# Words that say nothing about a topic, in the languages the demo speaks most.
_STOP_WORDS_TEXT = """
    a about after all also an and any are as at be been but by can could do does for from get
    has have how i if in into is it its my no not of on or our out so than that the their them
    then there these they this to too up us use using was we what when where which while who
    why will with would you your after before again any anyone best better does doing help need
    question problem issue way work works working get getting just more most some still very
    der die das und ist nicht mit für les des une est pour avec dans pas que qui el la los las
    por con para una que del per via vs idea
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def words_of(text: str) -> set[str]:
    """The distinct words of a text worth counting (a word counts once per title)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return {
        word
        for word in WORD.findall(text)
        if word not in STOP_WORDS and (len(word) >= 3 or not word.isascii())
    }
