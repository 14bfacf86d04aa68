"""Writes the reading fixtures: one Polish text in five encodings, and two HTML pages.

Run from this folder (``python make_fixtures.py``); the files are committed, this
script says how they were made.  The text avoids „” and – because ISO-8859-2 lacks them.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

STORM = """GDAŃSK, ŁÓDŹ I ŚLĄSK: CIĘŻKA NOC PO NAWAŁNICY, ĆWICZENIA ODWOŁANE

Gwałtowna burza przeszła w środę późnym wieczorem nad północną i południową Polską. Według wojewody ok. 12 tys. domów zostało bez prądu, a strażacy interweniowali ponad 800 razy.
Źródła w sztabie kryzysowym podają, że najtrudniejsza sytuacja jest w okolicach Żywca i Łodzi. "Ściągnęliśmy dodatkowe zastępy z sąsiednich powiatów, aby zabezpieczyć domy i pomóc mieszkańcom" - powiedział płk Jan Ślęzak, rzecznik straży.
Ćwiczenia obrony cywilnej, zaplanowane na czwartek, przełożono na 27.03.2025 r.
"""

ENCODINGS = {"utf8": "utf-8", "utf8-bom": "utf-8-sig", "utf16": "utf-16", "cp1250": "cp1250",
             "iso8859-2": "iso8859-2"}

PAGE = """<!DOCTYPE html>
<html lang="pl"><head><meta charset="utf-8">
<title>Powódź w Kłodzku: woda opada | Gazeta Przykładowa</title>
<meta property="og:title" content="Powódź w Kłodzku: woda opada">
<meta property="article:published_time" content="2024-09-17T08:30:00+02:00">
<link rel="canonical" href="https://example.pl/kraj/powodz-klodzko">
<script>var tracking = {id: "UA-1234"}; function baner(){ document.write("Reklama: kredyt bez BIK"); }</script>
<style>body { font-family: sans-serif; }</style>
</head><body>
<nav><ul><li><a href="/">Strona główna</a></li><li><a href="/kraj">Kraj</a></li><li><a href="/swiat">Świat</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie">Ta strona używa plików cookie. <button>Akceptuję</button></div>
<article>
<h1>Powódź w Kłodzku: woda opada</h1>
<p class="lead">Poziom Nysy Kłodzkiej spadł w nocy o ponad metr, poinformował we wtorek wojewoda dolnośląski.</p>
<p>Strażacy przez całą noc wypompowywali wodę z piwnic w centrum miasta. Jak podała straż pożarna, ewakuowano około 1 200 mieszkańców, a kilkaset osób nadal przebywa w szkołach zamienionych na schroniska.</p>
<p>„Najgorsze mamy już za sobą, ale nie wolno lekceważyć zagrożenia” – powiedział burmistrz na porannej konferencji. Według niego straty sięgną kilkudziesięciu milionów złotych.</p>
<p>Rząd zapowiedział w środę specjalną ustawę o pomocy dla poszkodowanych gmin.</p>
</article>
<aside><h3>Najczęściej czytane</h3><ul><li><a href="/a">Wyniki losowania z wtorku</a></li><li><a href="/b">Pogoda na weekend</a></li></ul></aside>
<footer><p>© 2024 Gazeta Przykładowa. Wszelkie prawa zastrzeżone.</p><a href="/kontakt">Kontakt</a></footer>
<script>baner();</script>
</body></html>
"""

SCRIPTS_ONLY = """<!DOCTYPE html>
<html><head><title></title>
<script src="/static/app.js"></script>
<script>window.__STATE__ = {"artykul": "Rząd przyjął ustawę o obronie cywilnej.", "id": 4411};</script>
</head><body><div id="root"></div><script>hydrate(window.__STATE__);</script></body></html>
"""


def main() -> None:
    for name, encoding in ENCODINGS.items():
        (HERE / f"burza.{name}.txt").write_bytes(STORM.encode(encoding))
    (HERE / "powodz.html").write_text(PAGE, encoding="utf-8")
    (HERE / "scripts-only.html").write_text(SCRIPTS_ONLY, encoding="utf-8")


if __name__ == "__main__":
    main()
