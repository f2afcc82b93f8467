"""The figure's text as the gene evidence reads it: the shortcuts it takes say what the plain reading says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from curate.rules.genes.analysis import evidence

# letters, digits, hyphens, spaces and punctuation, with characters whose upper case is several
# letters (ß, ﬁ) or leaves ASCII: the cases where reading the text a cheaper way could differ
TEXTS = st.text(alphabet=st.sampled_from("aB9-–- .,;:()/ßﬁıéα"), max_size=40)


class _Doc:
    def __init__(self, text: str) -> None:
        self.fields = {("figtitle",): text}

    def get(self, key_path: tuple) -> object:
        return self.fields.get(key_path)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_upper_words_drop_the_hyphens_of_each_word(text):
    written = evidence.Written(_Doc(text))
    assert written.upper_words() == frozenset(
        word.replace("-", "") for word in evidence.TEXT_WORD.findall(text.upper()))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.lists(TEXTS, max_size=4))
def test_a_symbol_is_named_when_it_is_one_of_the_words(text, symbols):
    written = evidence.Written(_Doc(text))
    for symbol in symbols:  # in any order: the words are split once, by the first symbol the text holds
        assert written.names(symbol) == (symbol in evidence.TEXT_WORD.findall(text))
