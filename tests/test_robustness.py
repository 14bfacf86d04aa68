"""No input crashes the pipeline: arbitrary Unicode and random Polish word salad, property-tested."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kronika.doc import Document
from kronika.pipeline import build
from kronika.records import records

PIPELINE = build()
WORDS = ["Rosja", "ich", "ich", "wysłała", "3 000", "żołnierzy", "do", "Ukrainy", ",", "że", "który", "nie", "zostały",
         "zajęte", "przez", "Kijów", "w", "marcu", "2024", "r.", "około", "„", "”", "–", "prezydent", "Zełenski",
         "się", "spotkał", "z", "Putinem", "jak", "podaje", "Seul", ".", "?", "oba", "kraje", "mln", "dolarów",
         "tys.", "ponad", "wczoraj", "NATO", "ONZ", "sankcje", "na", "i", "a", "lub", "(", ")", "Kim", "Dzong"]


def check(text: str) -> None:
    doc = PIPELINE(Document("x", text))
    for rec in records(doc):
        a, b = rec["span"]
        assert 0 <= a < b <= len(text)
        assert text[a:b] == rec["trigger"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_arbitrary_unicode(text):
    check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.lists(st.sampled_from(string.whitespace[:3]), min_size=1))
def test_polish_word_salad(words, spaces):
    text = "".join(w + spaces[i % len(spaces)] for i, w in enumerate(words))
    check(text)


def test_pronouns_standing_for_each_other_do_not_loop():
    """"Ich rządy i ich parlamenty": each "ich" looks for an antecedent among coordinated phrases,
    which include the other "ich"; the search must end (it once recursed without limit)."""
    check("Minister skomentował spór między Polską i Litwą. Ich rządy i ich parlamenty nie zgadzają "
          "się co do sankcji wobec Rosji.")
