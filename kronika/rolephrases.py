"""Role phrases: role and institution nouns combined with a country or a person.

A role noun from the lexicon ("armia", "rzecznik", "ministerstwo obrony") takes its country
from a demonym adjective ("rosyjskiej armii"), a genitive actor ("armii Ukrainy", "rzecznik
Kremla") or a place ("rząd w Atenach"); a personal one takes the person named after it
("prezydenta Ukrainy Wołodymyra Zełenskiego" → UKR GOV), an institution takes a person only as
its owner ("żołnierze Kim Dzong Una" → PRK MIL).  A capitalised institution noun with capitalised
words after it is a name of its own ("Partii Konserwatywnej", "Ministerstwo Cyfryzacji Wolandii").
The functions take the recognizer's per-document context (``ctx``, a ``kronika.mentions.Context``).
"""
from __future__ import annotations

from dataclasses import replace

from kronika.actors import Actor, entity
from kronika.doc import Entity, Mention, Token
from kronika.match import Match, split_form
from kronika.nametypes import name_continues, run_end

COORDINATORS = frozenset({"i", "oraz", "lub", "albo", ","})


def free_from(ctx, m: Match, first: int, end: int, taken: set[int]) -> int:
    """Where the words a role match keeps from unknown names end: "Lider Partii Zielonych" (the
    role "lider partii") leaves "Partii Zielonych" to be a name of its own."""
    a, b = first + m.first, first + m.end
    if b - a > 1 and m.form.text in ctx.personal and ctx.tokens[a + 1].is_capitalized and b < end \
            and b not in taken and name_continues(ctx.tokens, ctx.doc.text, b):
        return m.first + 1
    return m.end


def with_name(ctx, m: Match, first: int, end: int, taken: set[int]) -> Match:
    """A capitalised institution noun and the capitalised words after it are one name ("Partii
    Konserwatywnej", "Ministerstwo Cyfryzacji Wolandii"); not an office and a person's name
    ("Prezydent Kowalski": the noun is personal)."""
    a, b = first + m.first, first + m.end
    if not ctx.tokens[a].is_capitalized or m.form.text in ctx.personal:
        return m
    lemmas = {i.lemma.lower() for i in ctx.tokens[a].interps}
    if lemmas & ctx.types.before.keys() and not lemmas & ctx.types.first.keys():
        return m  # "Firma Cambridge Krandelix": an appositive noun before a name, not part of it
    j = run_end(ctx.tokens, ctx.doc.text, ctx.types, a, b, end, taken)
    return Match(m.first, j - first, m.form) if j > b else m


def _is_named(m: Match) -> bool:
    """Was the role match extended over a name of its own (``_with_name``)?"""
    return m.end - m.first > len(split_form(m.form.text))


def personal_forms(lang, analyzer) -> frozenset[str]:
    """Role forms naming a person rather than an institution: "prezydent", "rzecznik", "żołnierze",
    and their feminines ("rzeczniczka": a feminine form sharing its stem with a personal one of the
    same role), not "armia", "ministerstwo", "fundacja"."""
    from kronika.lexicon import actors

    out: set[str] = set()
    for actor in actors(lang):
        if actor.kind != "role":
            continue
        firsts = {f: split_form(f)[0] for f in actor.forms if split_form(f)}
        m1 = {w for w in firsts.values() if any(i.pos in ("subst", "depr") and "m1" in i.feats.gender
                                                 for i in analyzer.analyse(w))}
        for form, w in firsts.items():
            if w in m1 or any(w[:4].lower() == p[:4].lower() for p in m1):
                out.add(form)
    return frozenset(out)


def with_adjectives(ctx, first: int, keys, caps, adjectives: set[int], found) -> list[Match]:
    """The role matches with those made over demonym adjectives inside them ("szefowa niemieckiej
    dyplomacji" is the role "szefowa dyplomacji" of Germany, not the ministry "dyplomacji")."""
    kept = [k for k in range(len(keys)) if first + k not in adjectives]
    if len(kept) == len(keys):
        return list(found)
    out = list(found)
    for m in ctx.actors.roles.find([keys[k] for k in kept], [caps[k] for k in kept]):
        a, b = kept[m.first], kept[m.end - 1] + 1
        if b - a <= m.end - m.first:
            continue  # nothing skipped: already found as it is
        inner = [x for x in out if a <= x.first and x.end <= b]
        if all(x.end - x.first < m.end - m.first for x in inner) and \
                not any(x.first < a < x.end or x.first < b < x.end for x in out):
            out = [x for x in out if x not in inner] + [Match(a, b, m.form)]  # the longer role wins
            ctx.inserted.add((first + a, first + b))
    return sorted(out, key=lambda x: x.first)


def role_phrases(ctx, first: int, atoms: list[Mention], role_matches) -> list[Mention]:
    """Role nouns combined with a demonym, a genitive actor or a named person."""
    out = []
    starting = {m.first_token: m for m in atoms}
    for m in role_matches:
        a, b = first + m.first, first + m.end
        role: Actor = m.form.payload
        personal = m.form.text in ctx.personal
        named = _is_named(m) and (a, b) not in ctx.inserted
        country_m, others, span_a, span_b = _role_country(ctx, first, a, b, starting, named)
        person_m = None
        if others or (country_m is not None and country_m.kind == "group" and len(country_m.refers) > 1):
            # several countries' forces or leaders ("premierami państw bałtyckich"): one entity each
            refers = tuple(_combine(role, ctx.mention(c.first_token, c.end_token, "country", (e,), None, c.rule), None)
                           for c in sorted((*others, country_m), key=lambda x: x.first_token) for e in c.refers)
            out.append(ctx.mention(span_a, span_b, "organization", refers, None, "role:" + role.id))
            continue
        nxt = starting.get(span_b)
        while personal and country_m is not None and nxt and nxt.kind in ("country", "organization") and \
                nxt.rule.startswith("lexicon:"):
            # "Rzeczniczka Departamentu Stanu USA Heather Nauert": a chain of genitives, then the name
            nxt = starting.get(nxt.end_token)
            if nxt and nxt.kind == "person":
                span_b = nxt.first_token
        if nxt and nxt.kind == "person" and (personal or (country_m is None and _genitive(nxt))):
            person_m, span_b = nxt, nxt.end_token
        if country_m is None and person_m is None:
            country_m, span_b = _placed(ctx, span_b, starting) or (None, span_b)
        if named:
            # "Partii Konserwatywnej", "Ministerstwa Cyfryzacji Wolandii": a name of its own
            out.append(_named_institution(ctx, role, a, b, country_m, span_a, span_b))
            continue
        if country_m is None and person_m is None:
            out.append(ctx.mention(a, b, "organization", (Entity(role.name, None, role.sector, role.id,
                                                                   "organization"),), None, "role:" + role.id))
            continue
        if person_m is not None and (not personal or _possessor(ctx, a, b, person_m)):
            # "żołnierze Kim Dzong Una", "armia Kima": his soldiers, coded as his country's
            country_m, person_m = (country_m or _as_country(ctx, person_m)), None
        out.append(_role_mention(ctx, role, country_m, person_m, span_a, span_b))
    return out


def _named_institution(ctx, role: Actor, a: int, b: int, country_m, span_a: int, span_b: int) -> Mention:
    """"Partii Konserwatywnej", "Ministerstwa Cyfryzacji Federacji Rosyjskiej": a name of its own,
    in the singular, with the country named in it; the genitive after it stays as written."""
    own = ctx.mention(a, b, "organization", (), None, "", base=ctx.singular_base(a, b))
    country = country_m.entity.country if country_m is not None and country_m.entity else None
    named = Entity(own.base, country, role.sector, None, "organization")
    if country_m is None:
        return replace(own, refers=(named,), rule="role:" + role.id)
    t = ctx.tokens
    base = own.base if span_b == b else own.base + " " + ctx.doc.text[t[b].start:t[span_b - 1].end]
    if span_a < a:
        base = ctx.doc.text[t[span_a].start:t[a].start] + base
    return ctx.mention(span_a, span_b, "organization", (named,), None, "role:" + role.id, base=base)


def _role_country(ctx, first: int, a: int, b: int, starting: dict[int, Mention], named: bool):
    """The country of a role: a demonym adjective before it ("rosyjskiej armii", with the ones
    coordinated with it: "rosyjscy i ukraińscy żołnierze") or after it ("armii ukraińskiej"),
    else a genitive actor after it ("armii Ukrainy").  A named institution takes only
    a capitalised one ("Ministerstwo Kultury Federacji Rosyjskiej", not "Partii Konserwatywnej polskiego")."""
    country_m, others, span_a, span_b = None, (), a, b
    k = a - 1
    while k >= first and ctx.tokens[k].best and ctx.tokens[k].best.pos in ("adj", "ppas", "pact"):
        if k in starting and starting[k].rule.startswith("demonym-adj") and \
                (not named or ctx.tokens[k].is_capitalized):
            country_m, span_a = starting[k], k
            while span_a - 2 >= first and ctx.tokens[span_a - 1].text in COORDINATORS and \
                    span_a - 2 in starting and starting[span_a - 2].rule.startswith("demonym-adj"):
                others, span_a = others + (starting[span_a - 2],), span_a - 2  # "rosyjscy i ukraińscy żołnierze"
            break
        k -= 1
    inside = next((starting[k] for k in range(a + 1, b) if k in starting
                   and starting[k].rule.startswith("demonym-adj")), None)
    if country_m is None and inside is not None and not named:
        country_m = inside  # "szefowa niemieckiej dyplomacji": the adjective inside the role's words
    nxt = starting.get(b)
    if country_m is None and nxt and nxt.rule.startswith("demonym-adj") and not named:
        country_m, span_b = nxt, nxt.end_token
        nxt = starting.get(span_b)
    if country_m is None and nxt and nxt.kind in ("country", "organization", "group") and nxt.refers and \
            (not named or nxt.rule.startswith("lexicon:")):
        country_m, span_b = nxt, nxt.end_token
        while not named and span_b + 1 < len(ctx.tokens) and ctx.tokens[span_b].text in COORDINATORS:
            more = starting.get(span_b + 1)  # "premierami Litwy i Łotwy": both genitives are owners
            if more is None or more.kind not in ("country", "group") or "gen" not in more.case:
                break
            others, span_b = others + (more,), more.end_token
    return country_m, others, span_a, span_b


def _role_mention(ctx, role: Actor, country_m, person_m, span_a: int, span_b: int) -> Mention:
    """The mention of a role phrase with its country or person."""
    combined = _combine(role, country_m, person_m)
    kind = "person" if person_m else "organization"
    base = None
    if person_m is not None and person_m.first_token > span_a:
        # the name is in apposition: "prezydenta Ukrainy Wołodymyra Zełenskiego" →
        # "prezydent Ukrainy Wołodymyr Zełenski"
        base = ctx.mention(span_a, person_m.first_token, kind, (), None, "").base + " " + person_m.base
    return ctx.mention(span_a, span_b, kind, (combined,), None, "role:" + role.id, base=base)


def nominal(t: Token) -> bool:
    """A role needs a noun among its words: "wojskową" in "oceną wojskową" is an adjective."""
    best = t.best
    return best is not None and best.pos in ("subst", "depr", "ger", "ign", "brev")


def _genitive(m: Mention) -> bool:
    """Can a mention be a genitive (an owner: "armia Kima", not "w administracji Joe Biden był")?"""
    return not m.case or "gen" in m.case


def _as_country(ctx, m: Mention) -> Mention:
    """A mention standing for its entity's country (a person as the owner of an army)."""
    code = m.entity.country if m.entity else None
    actor = ctx.actors.countries.get(code) if code else None
    return replace(m, refers=(entity(actor),)) if actor else m


def _possessor(ctx, a: int, b: int, person: Mention) -> bool:
    """Is the person after a role its possessor ("żołnierze Kima") rather than its holder
    ("prezydent Macron")?  A plural role, or a person in a case the role noun cannot share."""
    head = next((t for t in ctx.tokens[a:b] if nominal(t)), ctx.tokens[b - 1])
    if head.best is not None and head.best.feats.number == frozenset({"pl"}):
        return True
    role_cases = ctx.cases(a)
    return bool(role_cases and person.case and not (role_cases & person.case))


def _placed(ctx, b: int, starting: dict[int, Mention]) -> tuple[Mention, int] | None:
    """"politycy w Rydze", "rząd w Atenach", "senator z Kentucky": the place gives the country."""
    if b >= len(ctx.tokens) or ctx.tokens[b].text.lower() not in ("w", "we", "z", "ze"):
        return None
    m = starting.get(b + 1)
    if m is None:
        return None
    if m.place is not None and m.place.country:
        return replace(m, refers=(Entity(m.place.country, m.place.country, None, None, "country"),)), m.end_token
    if m.refers and m.refers[0].country and m.kind in ("country", "organization"):
        return m, m.end_token
    return None


def _combine(role: Actor, country_m: Mention | None, person_m: Mention | None) -> Entity:
    """The entity of a role phrase: a known person keeps their identity, the role gives the sector."""
    country_e = country_m.entity if country_m else None
    person_e = person_m.entity if person_m else None
    country = (country_e.country if country_e else None) or (person_e.country if person_e else None)
    sector = role.sector or (person_e.sector if person_e else None)
    if person_e is not None:
        return Entity(person_e.name, country, sector if person_e.id is None else (person_e.sector or sector),
                      person_e.id, "person")
    name = f"{country_e.name} {role.name}" if country_e else role.name
    ident = f"{country_e.id}/{role.id}" if country_e and country_e.id else role.id
    return Entity(name, country, sector, ident, "organization")
