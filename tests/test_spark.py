"""kronika spark in local mode gives exactly the events of ``kronika code`` on the same documents.

The documents are Polish news-style texts written for this test (fictional reports in the
style of agency wires), with publication dates over two years so events land in many
year/month partitions, and a few undated.  One Spark session (``local[2]``) serves the module.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

# Under CI the Spark test must run: a missing pyspark or Java is a failure there, a skip elsewhere.
try:
    import pyspark  # noqa: F401
    MISSING = None if shutil.which("java") or os.environ.get("JAVA_HOME") else "no Java on PATH or JAVA_HOME"
except ImportError:
    MISSING = "pyspark is not installed (pip install -e '.[spark]')"
if MISSING and os.environ.get("CI"):
    pytest.fail(f"the Spark test cannot run under CI: {MISSING}", pytrace=False)
pytestmark = [pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
              pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")]

DOCS = [
    ('pap-001', '2024-01-15',
     'Rosja zaatakowała w niedzielę Charków rakietami balistycznymi. Według władz miasta zginęło '
     'pięciu cywilów, a kilkanaście osób zostało rannych.'),
    ('pap-002', '2024-01-22',
     'Prezydent Polski spotkał się w piątek w Kijowie z prezydentem Ukrainy. Obaj przywódcy rozmawiali'
     ' o dostawach amunicji.'),
    ('pap-003', '2024-02-03',
     'Niemcy przekazały Ukrainie kolejny system obrony powietrznej Patriot, poinformował w czwartek '
     'minister obrony Niemiec.'),
    ('pap-004', '2024-02-19',
     'Unia Europejska nałożyła w poniedziałek nowe sankcje na Rosję. Obejmują one kilkadziesiąt firm i'
     ' osób.'),
    ('pap-005', '2024-03-08',
     'Ukraińskie wojska wycofały się z Awdijiwki, przekazał w sobotę dowódca sił lądowych Ukrainy.'),
    ('pap-006', '2024-03-27',
     'Chiny skrytykowały we wtorek Stany Zjednoczone za sprzedaż broni Tajwanowi.'),
    ('pap-007', '2024-04-11',
     'Premier Węgier odwiedził w środę Pekin, gdzie rozmawiał z przewodniczącym ChRL.'),
    ('pap-008', '2024-04-30',
     'Iran zagroził Izraelowi odwetem za atak na konsulat w Damaszku.'),
    ('pap-009', '2024-05-14',
     'Rosyjskie siły ostrzelały w poniedziałek Zaporoże. Zginęły dwie osoby.'),
    ('pap-010', '2024-05-29',
     'Polska i Litwa podpisały we wtorek porozumienie o współpracy wojskowej.'),
    ('pap-011', '2024-06-12',
     'Tysiące ludzi protestowały w niedzielę w Tbilisi przeciwko ustawie o zagranicznych agentach.'),
    ('pap-012', '2024-06-25',
     'Sekretarz generalny NATO wezwał w poniedziałek państwa członkowskie do zwiększenia wydatków na '
     'obronność.'),
    ('pap-013', '2024-07-09',
     'Rosja przeprowadziła w poniedziałek zmasowany atak rakietowy na Kijów. Pocisk trafił w szpital '
     'dziecięcy.'),
    ('pap-014', '2024-07-31',
     'Izrael zabił we wtorek w Bejrucie jednego z dowódców Hezbollahu, podała izraelska armia.'),
    ('pap-015', '2024-08-14',
     'Ukraińskie wojska zajęły w sobotę kilka miejscowości w obwodzie kurskim, poinformował prezydent '
     'Ukrainy.'),
    ('pap-016', '2024-08-28',
     'Białoruś rozmieściła wojska przy granicy z Ukrainą, twierdzi ukraińska straż graniczna.'),
    ('pap-017', '2024-09-10',
     'Stany Zjednoczone oskarżyły we wtorek Iran o dostarczanie Rosji pocisków balistycznych.'),
    ('pap-018', '2024-09-26',
     'Premier Indii spotkał się w czwartek w Nowym Jorku z prezydentem Ukrainy.'),
    ('pap-019', '2024-10-16',
     'Korea Północna wysadziła we wtorek drogi łączące ją z Koreą Południową, podała armia Korei '
     'Południowej.'),
    ('pap-020', '2024-10-30',
     'Władze Mołdawii zarzuciły w poniedziałek Rosji ingerencję w wybory prezydenckie.'),
    ('pap-021', '2024-11-13',
     'Wielka Brytania przekazała Ukrainie pociski Storm Shadow, poinformował we wtorek minister obrony'
     ' Wielkiej Brytanii.'),
    ('pap-022', '2024-11-27',
     'Izrael i Hezbollah zawarły we wtorek porozumienie o zawieszeniu broni.'),
    ('pap-023', '2024-12-09',
     'Rebelianci zajęli w niedzielę Damaszek. Prezydent Syrii uciekł do Moskwy.'),
    ('pap-024', '2024-12-20',
     'Rosyjski dron zaatakował w czwartek budynek mieszkalny w Chersoniu. Ranne zostały trzy osoby.'),
    ('pap-025', '2025-01-08',
     'Prezydent Francji zaproponował we wtorek wysłanie europejskich żołnierzy na Ukrainę.'),
    ('pap-026', '2025-01-21',
     'Chiny zagroziły w poniedziałek Filipinom konsekwencjami za ćwiczenia wojskowe z USA.'),
    ('pap-027', '2025-02-04',
     'Minister spraw zagranicznych Polski spotkał się w poniedziałek w Warszawie z sekretarzem stanu '
     'USA.'),
    ('pap-028', '2025-02-18',
     'Rosja odrzuciła we wtorek propozycję rozejmu przedstawioną przez Ukrainę.'),
    ('pap-029', '2025-03-05',
     'Unia Europejska przekazała Mołdawii pomoc finansową w wysokości 30 mln euro, poinformowała w '
     'środę Komisja Europejska.'),
    ('pap-030', '2025-03-27',
     'Korea Północna wysłała do Rosji kolejnych 3 tys. żołnierzy, twierdzi wywiad Korei Południowej.'),
    ('pap-031', None,
     'Protestujący rolnicy zablokowali drogi prowadzące do przejść granicznych z Ukrainą.'),
    ('pap-032', None,
     'Ukraina oskarżyła Rosję o ostrzał elektrowni jądrowej.'),
    ('pap-033', '2025-04-16',
     'Japonia nałożyła w środę sankcje na rosyjskie banki, poinformował rząd w Tokio.'),
    ('pap-034', '2025-05-06',
     'Prezydent Rosji spotkał się we wtorek na Kremlu z przewodniczącym ChRL.'),
]


# Lines kronika reports instead of coding: an English text, a second "pap-001", broken JSON.
EXTRA_LINES = [
    json.dumps({"id": "reuters-en", "text": "The Prime Minister met the President of France in Paris on Tuesday "
                                            "to discuss the war and new sanctions against Russia."}),
    json.dumps({"id": "pap-001", "published": "2024-01-16",
                "text": "Druga wersja depeszy z tym samym identyfikatorem: Rosja zaatakowała Odessę."},
               ensure_ascii=False),
    "{not json",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("spark") / "news.jsonl"
    lines = [json.dumps({"id": i, "text": t, "published": p}, ensure_ascii=False) for i, p, t in DOCS]
    path.write_text("\n".join(lines[:20] + EXTRA_LINES + lines[20:]) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def local(corpus):
    """``kronika code`` on the corpus, in a process of its own: its JSON Lines and its summary line."""
    out = corpus.with_name("local.jsonl")
    done = subprocess.run([sys.executable, "-m", "kronika.cli", "code", str(corpus), "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr  # the extra lines: some documents skipped or failed
    summary = next(line for line in done.stderr.splitlines() if " documents: " in line)
    return out.read_text("utf-8").splitlines(), summary.removeprefix("kronika: ")


@pytest.fixture(scope="module")
def spark():
    from kronika.spark import session

    s = session("local[2]")
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def coded(spark, corpus, tmp_path_factory):
    """The Spark job on the same corpus in two partitions: its counts, the rows written, the output."""
    from kronika.spark import code_corpus

    out = tmp_path_factory.mktemp("spark-out") / "events"
    counts = code_corpus(spark, str(corpus), str(out), partitions=2)
    return counts, [r.asDict() for r in spark.read.parquet(str(out)).collect()], out


def test_spark_gives_exactly_the_records_of_kronika_code(local, coded):
    lines, _ = local
    counts, rows, _ = coded
    assert len(lines) >= 30 and len({json.loads(line)["doc_id"] for line in lines}) >= 25
    assert sorted(r["record"] for r in rows) == sorted(lines)  # the JSON text itself, byte for byte
    assert counts.events == len(lines)


def test_skipped_and_failed_documents_are_counted_as_kronika_code_counts_them(local, coded):
    _, summary = local
    counts, _, _ = coded
    assert summary.startswith(f"{len(DOCS) + 3} documents: {len(DOCS)} processed, 2 skipped")
    assert (counts.tally.read, counts.tally.processed) == (len(DOCS) + 1, len(DOCS))  # + the English text
    assert counts.tally.skipped == Counter({"not Polish": 1, "duplicate id": 1})
    assert counts.tally.failed == Counter({"invalid JSON": 1})


def test_events_are_partitioned_by_year_and_month_of_their_date(coded):
    _, rows, out = coded
    months, undated = set(), 0
    for r in rows:
        date = json.loads(r["record"])["date"]
        if date is None:
            assert (r["year"], r["month"], r["date_start"]) == (None, None, None)
            undated += 1
            continue
        start = dt.date.fromisoformat(date["start"])
        assert (r["year"], r["month"], r["date_start"]) == (start.year, start.month, start)
        months.add((start.year, start.month))
    assert len(months) >= 12 and undated >= 3
    assert (out / "year=2024" / "month=7").is_dir()
    assert (out / "year=__HIVE_DEFAULT_PARTITION__" / "month=__HIVE_DEFAULT_PARTITION__").is_dir()


def test_typed_columns_say_what_the_record_says(coded):
    _, rows, _ = coded
    for r in rows:
        rec = json.loads(r["record"])
        assert (r["doc_id"], r["sentence"], r["span_start"], r["span_end"]) == (
            rec["doc_id"], rec["sentence"], rec["span"][0], rec["span"][1])
        assert (r["event_type"], r["trigger"], r["certainty"]) == (rec["event_type"], rec["trigger"], rec["certainty"])
        assert r["actor_countries"] == [a["country"] for a in rec["actors"]]
        assert r["recipient_countries"] == [a["country"] for a in rec["recipients"]]
        assert r["quantity_values"] == [float(q["value"]) for q in rec["quantities"]]


def test_the_command_codes_parquet_input_the_same_and_refuses_to_overwrite(spark, local, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kronika.cli import cli

    table = pa.table({"id": [d[0] for d in DOCS], "text": [d[2] for d in DOCS],
                      "published": [dt.date.fromisoformat(d[1]) if d[1] else None for d in DOCS]})
    pq.write_table(table, tmp_path / "news.parquet")
    out = tmp_path / "events"
    result = CliRunner().invoke(cli, ["spark", str(tmp_path / "news.parquet"), str(out), "--partitions", "2"])
    assert result.exit_code == 0, result.output
    assert f"{len(DOCS)} documents: {len(DOCS)} processed" in result.stderr
    lines, _ = local
    assert sorted(r.record for r in spark.read.parquet(str(out)).select("record").collect()) == sorted(lines)
    again = CliRunner().invoke(cli, ["spark", str(tmp_path / "news.parquet"), str(out)])
    assert again.exit_code == 2 and "kronika: error: spark:" in again.stderr
