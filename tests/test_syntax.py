"""Shallow syntax: agreement-based phrases, verb groups and clauses, on sentences written for these tests."""
import pytest

from kronika.doc import Document
from kronika.pipeline import build


@pytest.fixture(scope="module")
def parse():
    pipeline = build(until="clauses")
    return lambda text: pipeline(Document("t", text))


def phrases(doc, kind):
    return [(" ".join(t.text for t in doc.tokens[p.first:p.end]), p) for p in doc.phrases if p.kind == kind]


def clause_texts(doc):
    return [(c.kind, c.marker, " ".join(t.text for a, b in c.parts for t in doc.tokens[a:b] if t.kind != "punct"))
            for c in doc.clauses]


def test_adjective_and_noun_agree_into_one_phrase(parse):
    doc = parse("Rząd przekazał rosyjskiej armii nowe czołgi.")
    nps = dict(phrases(doc, "np"))
    assert "rosyjskiej armii" in nps
    assert nps["rosyjskiej armii"].case >= {"dat"}
    assert "nowe czołgi" in nps and "acc" in nps["nowe czołgi"].case


def test_preposition_fixes_the_case(parse):
    doc = parse("Żołnierze wycofali się do Charkowa.")
    pp = dict(phrases(doc, "pp"))["do Charkowa"]
    assert pp.prep == "do" and pp.case == {"gen"}


def test_a_degree_adverb_stays_inside_the_prepositional_phrase(parse):
    doc = parse("Minister rozmawiał z najbardziej wpływowymi politykami i przyjechał w bardzo trudnym momencie.")
    pps = dict(phrases(doc, "pp"))
    assert pps["z najbardziej wpływowymi politykami"].case == {"inst"}
    assert "w bardzo trudnym momencie" in pps


def test_two_names_after_a_preposition_split_where_the_governed_case_ends(parse):
    doc = parse("Pytanie zadał do Stoltenberga Trump.")
    pps = dict(phrases(doc, "pp"))
    assert "do Stoltenberga" in pps and "gen" in pps["do Stoltenberga"].case
    assert "Trump" in dict(phrases(doc, "np"))


def test_a_conditional_particle_before_the_verb(parse):
    doc = parse("Rosja by zaatakowała Ukrainę. Niemcy nie wysłałyby czołgów.")
    verbs = dict(phrases(doc, "verb"))
    assert verbs["zaatakowała"].mood == "conditional"
    assert [p.mood for t, p in phrases(doc, "verb") if "wysłały" in t] == ["conditional"]


def test_a_sentence_may_open_with_its_subordinate_clause(parse):
    doc = parse("Gdyby Rosja zaatakowała Litwę, NATO musiałoby odpowiedzieć.")
    assert clause_texts(doc)[0][:2] == ("condition", "gdyby")


def test_passive_voice_with_zostac_and_byc(parse):
    for text, lemma in (("Miasto zostało zajęte przez wojska.", "zająć"), ("Most był ostrzelany w nocy.", "ostrzelać")):
        verb = phrases(parse(text), "verb")[0][1]
        assert verb.voice == "passive" and verb.lemma == lemma


def test_future_negation_and_modals(parse):
    verb = phrases(parse("Niemcy nie będą wysyłać czołgów."), "verb")[0][1]
    assert verb.tense == "future" and verb.negated and verb.lemma == "wysyłać"
    verb = phrases(parse("Rząd zamierza wysłać pomoc."), "verb")[0][1]
    assert verb.lemma == "wysłać" and verb.modals == ("zamierzać",)


def test_a_particle_stays_inside_the_verb_group(parse):
    # "już", "też", "jeszcze" are particles (Morfeusz "part"): the group runs across them
    verb = phrases(parse("Litwa nie będzie już kupować gazu."), "verb")[0][1]
    assert verb.lemma == "kupować" and verb.negated and verb.tense == "future"
    verb = phrases(parse("Ambasador zostanie też wydalony."), "verb")[0][1]
    assert verb.lemma == "wydalić" and verb.voice == "passive"


def test_a_past_plural_that_is_also_an_adjective_is_read_by_the_next_word(parse):
    # "ubiegły", "zeszły": the adjective before an agreeing noun, the verb otherwise
    doc = parse("W ubiegły czwartek delegacja przyjechała do Oslo. Wojska zeszły z gór.")
    assert "ubiegły czwartek" in dict(phrases(doc, "np")) or "W ubiegły czwartek" in dict(phrases(doc, "pp"))
    assert [t for t, _ in phrases(doc, "verb")] == ["przyjechała", "zeszły"]


def test_i_after_a_finished_clause_opens_a_clause_with_its_own_subject(parse):
    # a finite verb before "i" and another after it, with a noun between: two clauses
    two = clause_texts(parse("Terminal ma być gotowy w maju i wtedy Litwa zamierza wstrzymać import."))
    assert len(two) == 2 and two[1][0] == "coordinate"
    # coordinated nouns stay in one clause
    assert len(clause_texts(parse("Polska wysłała czołgi i haubice."))) == 1
    assert len(clause_texts(parse("Polska i Litwa podpisały umowę."))) == 1


def test_an_adjective_before_the_next_noun_is_that_nouns(parse):
    # "zabójstwa rosyjskiego szpiega": the adjective opens the spy's phrase; "armii ukraińskiej" keeps it
    nps = dict(phrases(parse("Próba zabójstwa rosyjskiego szpiega. Żołnierze armii ukraińskiej walczą."), "np"))
    assert "rosyjskiego szpiega" in nps and "zabójstwa" in nps
    assert "armii ukraińskiej" in nps


def test_a_relative_clause_that_speaks_keeps_its_że_clause(parse):
    # "miał" before an infinitive is the modal, not the noun; the że-clause is what the relative
    # clause's verb says, while after "który jest" it goes back to the verb of saying before
    doc = parse("Cytował słowa ministra, który miał powiedzieć, że Litwa pomoże.")
    assert ("miał powiedzieć" in dict(phrases(doc, "verb")))
    kinds = {c.kind: c for c in doc.clauses}
    assert kinds["complement"].parent == kinds["relative"].index
    doc = parse("Powiedział ministrowi, który jest z Litwy, że pomoże.")
    kinds = {c.kind: c for c in doc.clauses}
    assert kinds["complement"].parent == kinds["main"].index


def test_past_tense_agreement_features(parse):
    verb = phrases(parse("Delegacja przyjechała wczoraj."), "verb")[0][1]
    assert verb.tense == "past" and verb.number == {"sg"} and verb.gender == {"f"}


def test_relative_clause_splits_its_host(parse):
    doc = parse("Żołnierze, którzy walczyli pod miastem, ponieśli straty.")
    kinds = clause_texts(doc)
    assert kinds[0] == ("main", None, "Żołnierze ponieśli straty")
    assert kinds[1][0] == "relative" and kinds[1][2] == "którzy walczyli pod miastem"


def test_complement_and_coordinate_clauses(parse):
    doc = parse("Minister powiedział, że armia wycofa się z miasta, a rząd ogłosi rozejm.")
    kinds = [k for k, _, _ in clause_texts(doc)]
    assert kinds == ["main", "complement", "coordinate"]
    assert doc.clauses[1].marker == "że"


def test_a_dash_sets_a_reporting_clause_beside_the_quote(parse):
    doc = parse("Nie wyślemy żołnierzy – powiedział premier.")
    assert [k for k, _, _ in clause_texts(doc)] == ["main", "parataxis"]


def test_genitive_dependents_attach_and_coordinate(parse):
    doc = parse("Rosja zamknęła konsulaty Litwy, Łotwy i Estonii.")
    att = {text: p.attached for text, p in phrases(doc, "np")}
    host = dict(phrases(doc, "np"))["konsulaty"].index
    assert att["Litwy"] == host and att["Łotwy"] == host and att["Estonii"] == host
