"""The command line: build, check, new, translations, schema, index, serve. Every user error prints a message and exits 1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..engines.pdf_batch import RENDERERS
from ..errors import HandbookError, ProjectInvalid, relative_name
from ..i18n.convert import converter
from ..i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from ..i18n.messages import Catalogue, catalogue
from ..outputs import choose
from ..repo import Repo
from ..run.check import check_project, check_warnings
from ..run.dry_run import dry_run
from ..run.pipeline import build
from ..source.companies import (
    CompanySource,
    check_company,
    discover_companies,
    load_layers,
    projects_of,
)
from ..source.editions import update_translations
from ..source.load import load_yaml
from ..source.projects import discover, load_project, project_language, select
from .explain import explain
from .portal import write_index
from .progress import closing_table, event_log, is_interactive
from .scaffold import create_project
from .schema import write_schemas
from .serve import Preview


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 1 a problem the user can fix)."""
    args = parser().parse_args(argv)
    repo = Repo(args.repo.resolve()) if args.repo else Repo.find()
    try:
        return args.run(args, repo)
    except HandbookError as exc:
        print_problems(exc, cli_language(args))
        return 1
    except KeyboardInterrupt:
        return 130


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="handbook", description="Build owner sites and move-in print material.")
    top.add_argument("--repo", type=Path, help="repository folder (default: the one containing the working folder)")
    top.add_argument("--ui-language", choices=sorted(LANGUAGES), metavar="TAG",
                     help="language of lines about several projects (default: from the locale, else zh-CN); "
                          "a project's own lines are in its primary language")
    top.set_defaults(run=run_build, slugs=[], out=None, only=None, jobs=None, force=False, shard=None, dry_run=False,
                     renderer="layered", units=None)
    commands = top.add_subparsers(title="commands")

    p = commands.add_parser("build", help="build projects into dist/ (the default command)")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="projects to build (default: all)")
    p.add_argument("--out", type=Path, help="output folder (default: dist)")
    p.add_argument("--only", type=lambda s: [x for x in s.split(",") if x], metavar="OUTPUT,...",
                   help="build only these outputs")
    p.add_argument("--jobs", type=int, metavar="N", help="projects built at once (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="rebuild outputs whose inputs have not changed")
    p.add_argument("--shard", type=shard, metavar="K/N", help="build only shard K of N (a stable split by slug)")
    p.add_argument("--unit", dest="units", action="append", metavar="UNIT[,UNIT...]",
                   type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
                   help="make only these units' notices and packets again (e.g. --unit 1-0403), for a reprint")
    p.add_argument("--renderer", choices=RENDERERS, default="layered",
                   help="how notices and packets are laid out: layered (a page laid out once for all units, each "
                        "unit's words over it; the default) or whole (every page laid out: the reference)")
    p.add_argument("--dry-run", action="store_true",
                   help="list the projects and outputs a build would redo, and why; build nothing")
    p.set_defaults(run=run_build)

    p = commands.add_parser("check", help="validate projects (and companies) without building")
    p.add_argument("slugs", nargs="*", metavar="SLUG",
                   help="projects to check, or companies (a company and every project of it); default: all")
    p.set_defaults(run=run_check)

    p = commands.add_parser("new", help="create a project from a commented template")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("--company", metavar="ID",
                   help="a project of companies/ID/: the template holds only the estate's own fields")
    p.set_defaults(run=run_new)

    p = commands.add_parser("explain", help="print a value of a project's data and the files (company, project) that set it")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("path", metavar="FIELD.PATH", help="e.g. fees.management[1].rate or processes.move_in.steps.keys.title")
    p.set_defaults(run=run_explain)

    p = commands.add_parser("translations", help="add every new or changed text to a translated edition's file")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("--language", metavar="TAG", help="the edition (default: every translated edition of the project)")
    p.set_defaults(run=run_translations)

    p = commands.add_parser("schema", help="write schema/project.schema.json and schema/company.schema.json for editors")
    p.set_defaults(run=run_schema)

    p = commands.add_parser("index", help="write dist/public/index.html listing every built project (after shards)")
    p.add_argument("--out", type=Path, help="output folder (default: dist)")
    p.set_defaults(run=run_index)

    p = commands.add_parser("serve", help="preview one project's site, rebuilt and reloaded on every change")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.set_defaults(run=run_serve)

    p = commands.add_parser("doctor", help="check the system packages, libraries, fonts and tools builds need")
    p.add_argument("--tests", action="store_true", help="exit 1 also when what the tests need is missing")
    p.set_defaults(run=run_doctor)
    return top


def say(text: str) -> None:
    print(text, flush=True)


def print_problems(exc: HandbookError, messages: Catalogue, printed: set[str] | None = None) -> None:
    """Print an error's lines; with printed, only those not printed yet (and remember them)."""
    for line in exc.lines(messages):
        if printed is None or line not in printed:
            print(line, file=sys.stderr)
        if printed is not None:
            printed.add(line)


def cli_language(args: argparse.Namespace) -> Catalogue:
    """Return the catalogue for lines about no one project: --ui-language, else the locale's, else zh-CN."""
    return catalogue(args.ui_language or locale_language(os.environ) or DEFAULT_LANGUAGE)


# The locale's language and region (zh_TW.UTF-8, zh-Hant-HK, en_GB) to one of ours.
LOCALE_REGIONS = {"CN": "zh-CN", "SG": "zh-CN", "HK": "zh-HK", "MO": "zh-MO", "TW": "zh-TW"}


def locale_language(environ: os._Environ | dict) -> str | None:
    """Return the language tag of the user's locale (LC_ALL, LC_MESSAGES, LANG, as gettext reads them), if ours."""
    value = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    parts = value.split(".")[0].replace("-", "_").split("_")
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh":
        return None
    region = next((part for part in parts[1:] if part in LOCALE_REGIONS), None)
    if region:
        return LOCALE_REGIONS[region]
    return "zh-TW" if "Hant" in parts else "zh-CN"


def shard(text: str) -> tuple[int, int]:
    """Parse K/N (1 <= K <= N)."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected K/N such as 2/4, found {text}") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"expected 1 <= K <= N, found {text}")
    return k, n


def run_build(args: argparse.Namespace, repo: Repo) -> int:
    dist = (args.out or repo.root / "dist").resolve()  # generated configs resolve relative paths elsewhere
    if args.dry_run:
        return run_dry_run(args, repo, dist)
    interactive = is_interactive()
    messages = cli_language(args)
    report = build(repo, args.slugs, dist, args.only, log=event_log(interactive), jobs=args.jobs,
                   force=args.force, shard=args.shard, renderer=args.renderer,
                   units=[unit for group in args.units or [] for unit in group])
    languages = {result.language for result in report.results}
    if len(languages) == 1 and not args.ui_language:  # lines about one project (or projects of one language)
        messages = catalogue(languages.pop())
    for result in report.results:
        if result.error is not None:
            says = catalogue(result.language)
            print(says("cli.failed", slug=result.slug), file=sys.stderr)
            print_problems(result.error, says)
    closing_table(report, interactive, messages)
    say(messages("cli.summary", built=len(report.built), failed=len(report.failed)))
    return 0 if report.ok else 1


def run_dry_run(args: argparse.Namespace, repo: Repo, dist: Path) -> int:
    """Print what a build would redo, project by project, each in its language; exit 1 if a project would fail."""
    forecasts = dry_run(repo, args.slugs, dist, args.only, force=args.force, shard=args.shard)
    for forecast in forecasts:
        says = catalogue(forecast.language)
        if forecast.error is not None:
            print(says("cli.failed", slug=forecast.slug), file=sys.stderr)
            print_problems(forecast.error, says)
        elif not forecast.redo:
            say(says("dry_run.unchanged", slug=forecast.slug))
        else:
            say(says("dry_run.project", slug=forecast.slug))
            for redo in forecast.redo:
                say(says("dry_run.output", output=says(f"output.{redo.output}"), editions=", ".join(redo.editions),
                         reason=redo.reason.words(says)))
    return 1 if any(forecast.error for forecast in forecasts) else 0


def run_check(args: argparse.Namespace, repo: Repo) -> int:
    """Report, project by project, what a build would refuse (exit 1) and what it would leave out (a warning).

    A company named is checked on its own (its file as a partial project), then each of its projects;
    without names, every company and every project is. A problem of a company's file is printed once,
    not again under each of its projects.
    """
    companies = {company.id: company for company in discover_companies(repo.companies)}
    projects = discover(repo.projects)
    named = [slug for slug in args.slugs if slug in companies and slug not in {p.slug for p in projects}]
    others = [slug for slug in args.slugs if slug not in named]
    sources = projects if not args.slugs else select(projects, others) if others else []
    for company_id in named:
        sources += [source for source in projects_of(company_id, projects, repo.companies) if source not in sources]
    printed: set[str] = set()
    failures = sum(not company_passes(company, printed) for company in
                   (companies[company_id] for company_id in (named if args.slugs else companies)))
    outputs = choose(None)
    for source in sources:
        says = catalogue(project_language(source))
        try:
            gathered, problems = check_project(source, repo, outputs)
            says = gathered.messages
            for warning in check_warnings(gathered):
                print(says("cli.check_warning", warning=warning), file=sys.stderr)
            if problems:
                raise HandbookError(problems)
        except HandbookError as exc:
            print_problems(exc, says, printed)
            print(says("cli.check_failed", slug=source.slug), file=sys.stderr)
            failures += 1
            continue
        say(says("cli.check_ok", slug=source.slug))
    return 1 if failures else 0


def company_passes(company: CompanySource, printed: set[str]) -> bool:
    """Print a company's own problems, or that it passed; return whether it did."""
    language, problems = check_company(company)
    says = catalogue(language)
    if problems:
        print_problems(HandbookError(problems), says, printed)
        print(says("cli.company_check_failed", id=company.id), file=sys.stderr)
        return False
    say(says("cli.company_check_ok", id=company.id))
    return True


def run_new(args: argparse.Namespace, repo: Repo) -> int:
    path = create_project(repo, args.slug, company=args.company)
    say(cli_language(args)("cli.created", path=path, slug=args.slug))
    return 0


def run_index(args: argparse.Namespace, repo: Repo) -> int:
    public = (args.out or repo.root / "dist").resolve() / "public"
    count = write_index(public)
    say(cli_language(args)("cli.index_written", path=public / "index.html", count=count))
    return 0


def run_explain(args: argparse.Namespace, repo: Repo) -> int:
    (source,) = select(discover(repo.projects), [args.slug])
    written = load_yaml(source.data_file, relative_name(source.data_file))  # as written: valid or not
    merged, _ = load_layers(written, source.folder)
    says = catalogue(merged.language)
    try:
        lines = explain(merged.data, merged.source, says, args.path)
    except HandbookError as exc:
        print_problems(exc, says)
        return 1
    for line in lines:
        say(line)
    return 0


def run_translations(args: argparse.Namespace, repo: Repo) -> int:
    (source,) = select(discover(repo.projects), [args.slug])
    loaded = load_project(source)
    primary = LANGUAGES[loaded.primary_language]
    tags = [tag for tag in loaded.project.languages[1:] if converter(primary, LANGUAGES[tag]) is None]
    if args.language:
        if args.language not in tags:
            raise ProjectInvalid(loaded.messages("error.choice", choices=", ".join(tags) or "-", found=args.language))
        tags = [args.language]
    for tag in tags:
        for path, missing, done, dropped in update_translations(loaded, tag):
            say(loaded.messages("translations.updated", file=path.resolve().relative_to(repo.root.resolve()),
                                missing=missing, done=done, dropped=dropped))
    return 0


def run_schema(args: argparse.Namespace, repo: Repo) -> int:
    for path in write_schemas(repo.schema.parent):
        say(cli_language(args)("cli.schema_written", path=path.relative_to(repo.root)))
    return 0


def run_serve(args: argparse.Namespace, repo: Repo) -> int:
    Preview(repo, args.slug, args.host, args.port, log=say).run()
    return 0


def run_doctor(args: argparse.Namespace, repo: Repo) -> int:
    from .doctor import (
        run,  # checks what the other commands' imports need; `python -m handbook.commands.doctor` if they fail
    )

    return run(cli_language(args), tests=args.tests)
