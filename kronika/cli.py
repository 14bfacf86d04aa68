"""The ``kronika`` command: a thin layer over library calls; every command is a few lines."""
from __future__ import annotations

import functools
import json
import os
import stat
import sys

import click

from kronika import __version__


class KronikaGroup(click.Group):
    """Turns library errors into one clear line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        from kronika.lang import LexiconError
        try:
            return super().invoke(ctx)
        except (LexiconError, OSError, ValueError) as exc:
            if isinstance(exc, BrokenPipeError):
                sys.exit(0)
            click.echo(f"kronika: error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=KronikaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kronika")
def cli():
    """Kronika: Polish news to structured, sourced political event data."""


# Commands are added below, one small function each; the work is done by library modules.


def _date(ctx, param, value):
    from kronika.read import parse_date
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def input_options(command):
    """The document-reading options commands share; the command receives them as one ``inputs`` dict."""
    @functools.wraps(command)
    def wrapper(*args, published, doc_id, title, max_mb, **kwargs):
        inputs = {"published": published, "doc_id": doc_id, "title": title, "max_bytes": int(max_mb * 1e6)}
        return command(*args, inputs=inputs, **kwargs)

    for option in reversed((
        click.option("--published", metavar="YYYY-MM-DD", callback=_date,
                     help="Publication date, overriding the documents' own; relative dates resolve against it."),
        click.option("--doc-id", help="Id of a single document from a .txt/.html file or - (default: file name "
                                      "without extension, or 'stdin'; in directories: the relative path)."),
        click.option("--title", help="Title of that single document (metadata; not analysed)."),
        click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
                     help="Largest document read, in MB; larger ones are reported and skipped."),
    )):
        wrapper = option(wrapper)
    return wrapper


def _progress_wanted(results_on_stdout: bool) -> bool:
    """A bar only for someone watching: stderr is a terminal, output is not piped, results don't share the screen."""
    try:
        if not sys.stderr.isatty() or stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode):
            return False
    except (OSError, ValueError):  # a replaced stdout without a file descriptor: not a terminal either
        return False
    return not (results_on_stdout and sys.stdout.isatty())


def batch_runner(results_on_stdout: bool = True):
    """The batch runner of a command: the Polish pipeline, language check, problems as lines on stderr."""
    from kronika.batch import BatchRunner
    from kronika.langid import LanguageCheck
    from kronika.pipeline import build

    return BatchRunner(build(), language=LanguageCheck(), report=lambda line: click.echo(f"kronika: {line}", err=True),
                       progress=_progress_wanted(results_on_stdout))


def read_documents(files, inputs):
    """Documents and read problems of the FILE arguments (``-`` is stdin)."""
    from kronika.read import read_inputs
    return read_inputs(files, stdin=getattr(sys.stdin, "buffer", None), **inputs)


def finish_batch(runner) -> None:
    """Print the summary line on stderr and exit with the batch's code (0 all, 1 some lost, 2 none)."""
    click.echo(f"kronika: {runner.tally.summary()}", err=True)
    click.get_current_context().exit(runner.tally.exit_code())


EXIT_CODES = """\b
Exit codes: 0 every document processed; 1 some were skipped (not Polish,
duplicate id) or failed (unreadable, pipeline error); 2 nothing could be
processed, or a usage error."""


@cli.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True)
@input_options
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one object per document.")
def analyze(files, as_json, inputs):
    """Show what the pipeline finds: sentences, tokens with their chosen reading, numbers and dates.

    FILE is a .txt, .jsonl or .html file, a directory (read recursively), or - for
    standard input.  Problems go to stderr, one line each, and the batch goes on.
    """
    from kronika import show

    runner = batch_runner(results_on_stdout=True)
    for doc in runner.run(read_documents(files, inputs)):
        if as_json:
            click.echo(json.dumps(show.document_json(doc), ensure_ascii=False))
        else:
            click.echo("\n".join(show.table(doc)))
    finish_batch(runner)


@cli.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True)
@input_options
@click.option("--format", "fmt", default="jsonl", show_default=True, type=click.Choice(["jsonl", "csv", "parquet"]),
              help="JSON Lines (the event schema exactly), CSV or Parquet (needs -o).")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file (default: standard output).")
def code(files, fmt, output, inputs):
    """Code events: one record per event, following event.schema.json.

    FILE is a .txt, .jsonl or .html file, a directory (read recursively), or - for
    standard input.  Problems go to stderr, one line each, and the batch goes on.
    """
    from kronika import export
    from kronika.records import records

    if fmt == "parquet" and output == "-":
        raise click.UsageError("Parquet is binary: give an output file with -o")
    runner = batch_runner(results_on_stdout=output == "-")
    found = (r for doc in runner.run(read_documents(files, inputs)) for r in records(doc))
    n = export.write_records(found, fmt, sys.stdout if output == "-" else output)
    click.echo(f"kronika: {n} event{'' if n == 1 else 's'}", err=True)
    finish_batch(runner)


@cli.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True)
@input_options
def mentions(files, inputs):
    """Print every actor and place mention as JSON Lines: offsets, text, kind, base form, name, country,
    sector and lexicon id (unknown names too, with their base form and no country)."""
    from kronika.records import mention_records

    runner = batch_runner(results_on_stdout=True)
    for doc in runner.run(read_documents(files, inputs)):
        for rec in mention_records(doc):
            click.echo(json.dumps(rec, ensure_ascii=False))
    finish_batch(runner)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False))
@click.argument("docs", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="The score as one JSON object.")
def evaluate(gold, pred, docs, as_json):
    """Score predicted events (PRED) against gold events (GOLD) of the documents in DOCS."""
    from dataclasses import asdict

    from kronika.evaluate import load_jsonl, report, score

    texts = {d["id"]: d["text"] for d in load_jsonl(docs)}
    result = score(load_jsonl(gold), load_jsonl(pred), texts)
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(report(result)))


@cli.command()
@click.argument("file")
@input_options
@click.option("--sentence", "-s", type=click.IntRange(min=0), required=True, help="Sentence number (0-based).")
@click.option("--doc", "which", help="Document id, when FILE holds several.")
def explain(file, sentence, which, inputs):
    """Show how one sentence was coded: clauses, phrases, mentions, triggers, role rules, rejections."""
    from kronika import explain as explaining
    from kronika.pipeline import build

    pipeline = build()
    docs = [d for d in read_documents([file], inputs) if hasattr(d, "text")]
    doc = next((d for d in docs if which in (None, d.id)), None)
    if doc is None:
        raise click.UsageError(f"no document {which!r} in {file}" if which else f"no readable document in {file}")
    coded = pipeline(doc, until="coreference")
    click.echo("\n".join(explaining.explain(coded, pipeline.stage("events").run.coder, sentence)))


# -- the corpus store: ingest, recode, events, stats -----------------------------------------------

db_option = click.option("--db", default="kronika.db", show_default=True, type=click.Path(dir_okay=False),
                         help="The store: one SQLite file, created on first use.")
workers_option = click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
                              help="Worker processes (default: the number of cores).")


def event_filters(command):
    """The filter options of ``events`` and ``stats``; repeat one for alternatives, combine for AND."""
    for option in reversed((
        click.option("--actor", multiple=True, help="Actor country code, canonical name or lexicon id."),
        click.option("--recipient", multiple=True, help="Recipient country code, name or id."),
        click.option("--country", multiple=True, help="Any actor, recipient or the location."),
        click.option("--sector", multiple=True, help="Sector of any actor or recipient (MIL, GOV, REB, ...)."),
        click.option("--type", "event_type", multiple=True, help="PLOVER event type (AID, ASSAULT, ...)."),
        click.option("--mode", multiple=True, help="Event mode (military, visit, ...)."),
        click.option("--since", metavar="DATE", help="Events dated on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="Events dated on or before."),
        click.option("--source", multiple=True, help="Who claims it (name, country, id); 'none' for the "
                                                     "article's own voice."),
        click.option("--publisher", multiple=True, help="The document's source (publisher)."),
        click.option("--certainty", multiple=True, help="stated, reported, estimated, believed, unofficial, denied."),
        click.option("--text", help="Full-text search (SQLite FTS5) in the sentence, its lemmas and names."),
        click.option("--doc", "document", multiple=True, help="Document id."),
        click.option("--cluster", multiple=True, help="Event cluster id."),
        click.option("--limit", type=click.IntRange(min=1), help="At most this many events."),
    )):
        command = option(command)
    return command


def _store_progress(wanted: bool):
    """A documents/s bar on stderr (or nothing) and a way to print problem lines around it."""
    bar = None
    if wanted:
        from tqdm import tqdm
        bar = tqdm(file=sys.stderr, unit="doc", dynamic_ncols=True, leave=False)

    def update(report):
        bar.update(report.documents - bar.n)

    def say(line):
        if bar is not None:
            bar.write(f"kronika: {line}", file=sys.stderr)
        else:
            click.echo(f"kronika: {line}", err=True)

    return bar, (update if bar else None), say


def _finish_store_run(bar, report) -> None:
    if bar is not None:
        bar.close()
    click.echo(f"kronika: {report.summary()}", err=True)
    click.get_current_context().exit(report.exit_code())


@cli.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True)
@input_options
@db_option
@workers_option
def ingest(files, db, workers, inputs):
    """Code documents and keep them in the store; documents stored unchanged are skipped.

    A changed document replaces its old events atomically; an interrupted run
    resumes where it stopped when run again.
    """
    from kronika import ingest as ingesting
    from kronika.store import open_store

    bar, update, say = _store_progress(_progress_wanted(results_on_stdout=False))
    with open_store(db) as store:
        report = ingesting.ingest(store, read_documents(files, inputs), inputs=list(files), workers=workers,
                                  progress=update, report_line=say)
    _finish_store_run(bar, report)


@cli.command()
@db_option
@workers_option
@click.option("--all", "everything", is_flag=True, help="Code every stored document, not only those coded "
                                                        "with another lexicon version.")
def recode(db, workers, everything):
    """Code the stored documents again after a lexicon change."""
    from kronika import ingest as ingesting
    from kronika.store import open_store

    bar, update, say = _store_progress(_progress_wanted(results_on_stdout=False))
    with open_store(db) as store:
        report = ingesting.recode(store, everything, workers=workers, progress=update, report_line=say)
    _finish_store_run(bar, report)


@cli.command()
@db_option
@event_filters
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "jsonl", "csv", "parquet", "plover", "gdelt"]),
              help="table, JSON Lines (schema + cluster), CSV, Parquet, PLOVER-style JSON, GDELT-like TSV.")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="Output file (default: standard output).")
def events(db, fmt, output, **filters):
    """List stored events matching every filter given."""
    from kronika import export, query
    from kronika.store import open_store

    flt = query.make_filter(**filters)
    with open_store(db, readonly=True) as store:
        records, clusters = store.events(flt), None
        if fmt == "gdelt":
            records = list(records)
            clusters = store.clusters(r["cluster"] for r in records)
        n = export.write_records(records, fmt, sys.stdout if output == "-" else output,
                                 clusters)
    click.echo(f"kronika: {n} event{'' if n == 1 else 's'}", err=True)


@cli.command()
@db_option
@click.option("--by", type=click.Choice(["type", "month", "dyad"]), default="type", show_default=True,
              help="Count by event type, month of the event date, or actor→recipient country pair.")
@event_filters
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def stats(db, by, fmt, **filters):
    """Count stored events (and distinct clusters and documents) by type, month or dyad."""
    from kronika import export, query
    from kronika.store import open_store

    with open_store(db, readonly=True) as store:
        rows = store.stats(by, query.make_filter(**filters))
    export.write_rows(rows, fmt, sys.stdout)


@cli.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8484, show_default=True, help="Port on 127.0.0.1.")
def serve(db, port):
    """Serve the web dashboard and HTTP API on 127.0.0.1 over the store (read-only; writes need the
    token in the KRONIKA_TOKEN environment variable)."""
    from kronika.web import serve as serving

    serving(db, port, token=os.environ.get("KRONIKA_TOKEN") or None,
            say=lambda line: click.echo(f"kronika: {line}", err=True))


@cli.command(epilog=EXIT_CODES)
@click.argument("input_path", metavar="INPUT")
@click.argument("output")
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "parquet"]), default="auto", show_default=True,
              help="Input format (auto: from the file suffixes).")
@click.option("--master", help="Spark master URL (default: spark-submit's, else local[*]).")
@click.option("--partitions", type=click.IntRange(min=1), help="Partitions to code in (default: the cluster's cores).")
@click.option("--mode", type=click.Choice(["error", "overwrite", "append"]), default="error", show_default=True,
              help="When OUTPUT exists: fail, replace it, or add to it.")
def spark(input_path, output, fmt, master, partitions, mode):
    """Code a corpus on Apache Spark: JSON Lines or Parquet documents in INPUT, events as Parquet in
    OUTPUT partitioned by year and month of the event date (docs/spark.md).  Needs kronika[spark]."""
    from kronika import spark as sparking
    try:
        failures = sparking.errors()
    except ImportError as exc:
        raise click.UsageError(f"kronika spark needs pyspark: pip install 'kronika[spark]' ({exc})") from exc
    try:
        with sparking.running(master) as session:
            counts = sparking.code_corpus(session, input_path, output, fmt=fmt, partitions=partitions, mode=mode)
    except failures as exc:
        raise ValueError(f"spark: {str(exc).strip().splitlines()[0]}") from exc  # one line, exit code 2
    click.echo(f"kronika: {sparking.summary(counts, output)}", err=True)
    click.get_current_context().exit(counts.tally.exit_code())


@cli.group()
def lexicon():
    """Inspect the language data: the actor lexicon."""


@lexicon.command("check")
@click.option("--actors", "directory", type=click.Path(exists=True, file_okay=False),
              help="Check this directory of actor YAML files instead of the Polish package's.")
def lexicon_check(directory):
    """Validate every actor entry: one line per problem (file: entry: reason); exit 1 if any."""
    from pathlib import Path

    from kronika.lang import load
    from kronika.lexicon import check

    problems = check(load("pl"), Path(directory) if directory else None)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"kronika: {len(problems)} problem{'' if len(problems) == 1 else 's'} in the actor lexicon",
                   err=True)
        click.get_current_context().exit(1)
    click.echo("kronika: actor lexicon valid", err=True)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="kronika")


if __name__ == "__main__":
    main()
