"""One fee schedule, printed alike: the fees page, the guide, the fee-guide board and the FAQ read back as owners read them.

Each output is read as text (the page's HTML without its tags, the PDFs through
pdftotext) and searched for what the project's FeeSchedule says, worded by the
edition's Presenter: every rate, prepayment and refusal rule, the developer's
months and counter, the cards, parking, each one-off item with its amount, and
the worked example counter by counter. A figure printed in the shape of a
schedule statement but with another value (预交 2 个月管理费 when the schedule
says 3) is a contradiction.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from handbook.commands.cli import main
from handbook.derive.fee_schedule import FeeSchedule, fee_schedule
from handbook.derive.present import Presenter
from tests.conftest import REPO_ROOT, make_sample_repo, public_views

# (slug, edition tag, where the edition's files are under dist/public/<slug>/)
EDITIONS = [("lotus-garden", "zh-CN", ""), ("lotus-garden", "zh-HK", "zh-HK/"), ("lotus-garden", "en", "en/"),
            ("harbour-centre", "zh-HK", "")]
IDS = [f"{slug}/{tag}" for slug, tag, _ in EDITIONS]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_text(path: Path) -> str:
    """Return a built page's article as a reader sees it: tags and white space gone, entities decoded."""
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    return squash(html.unescape(re.sub(r"<[^>]+>", "", article)).replace("\u200b", ""))


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, check=True)
    return squash(result.stdout)


@pytest.fixture(scope="module")
def views():
    """Return, per (slug, tag), the edition, its public project view (FAQ figures resolved) and its presenter."""
    return {key: (edition, project, Presenter(edition.language, edition.messages, project.fees.currency))
            for key, (edition, project) in public_views({slug for slug, _, _ in EDITIONS}).items()}


def schedule_statements(schedule: FeeSchedule, p: Presenter) -> dict[str, list[str]]:
    """Return what each part of the schedule must print as, by part (squashed)."""
    t = p.messages
    example = schedule.examples[0].statement
    owner_lines = [line for line in example.lines if line.payer == "owner"]
    parts = {
        "rates": [text for rate in schedule.management for text in (rate.name, p.rate(rate.rate))],
        "prepayment": p.prepayment_rules(schedule),
        "developer": p.developer_rules(schedule)
        + ([t("label.developer_counter")] if "developer" in schedule.collectors() else []),
        "cards": [p.card_rule(schedule.cards)],
        "parking": [text for row in schedule.parking
                    for text in (row.name, *(t("label.monthly_amount", amount=p.money(getattr(row, tenure)))
                                             for tenure in ("bought", "rented") if getattr(row, tenure) is not None))],
        "items": [text for item in schedule.items for text in (item.name, p.item_amount(item), *filter(None, [item.note]))],
        "example": [p.money(example.owner_total)]
        + [text for line in owner_lines for text in (p.fee_line_name(line), p.money(line.amount), *p.fee_line_steps(line))]
        + [p.money(example.total(payer="owner", collector=collector)) for collector in schedule.collectors()
           if example.total(payer="owner", collector=collector)],
    }
    return {part: [squash(text) for text in texts] for part, texts in parts.items()}


# Which parts each output carries: the board has no room for every one-off item (its example shows those paid).
CARRIES = {
    "page": ("rates", "prepayment", "developer", "cards", "parking", "items", "example"),
    "guide": ("rates", "prepayment", "developer", "cards", "parking", "items", "example"),
    "board": ("rates", "prepayment", "developer", "cards", "parking", "example"),
}


def missing(text: str, statements: dict[str, list[str]], parts: tuple[str, ...]) -> list[str]:
    """Return each statement of the given parts that the text does not hold, as part: statement."""
    return [f"{part}: {statement}" for part in parts for statement in statements[part] if statement not in text]


def contradictions(text: str, schedule: FeeSchedule, p: Presenter) -> list[str]:
    """Return statements worded as the schedule words them but with other figures: months prepaid, rates."""
    t, found = p.messages, []
    for term in schedule.prepayments:
        fee = squash(t(f"label.monthly_fee.{term.fee}"))
        for wording in t.wordings("label.prepayment_rule"):  # each plural form: 1 month, 3 months
            pattern = re.escape(squash(wording.format(months="\0", fee=fee))).replace("\0", r"(\d+)")
            found += [match.group(0) for match in re.finditer(pattern, text)
                      if int(match.group(1)) != term.terms.months]
    rates = {squash(p.rate(rate.rate)) for rate in schedule.management}
    symbol = re.escape(p.money(0)[:-4])
    shape = re.escape(squash(p.rate(0))).replace(re.escape(squash(p.money(0))), symbol + r"[\d,.]+")
    found += [match.group(0) for match in re.finditer(shape, text) if match.group(0) not in rates]
    return found


def outputs(dist: Path, slug: str, tag: str, prefix: str) -> dict[str, str]:
    public = dist / "public" / slug / prefix
    return {
        "page": page_text(public / "fees" / "index.html"),
        "guide": pdf_text(public / "downloads" / f"move-in-guide.{tag}.pdf"),
        "board": pdf_text(public / "downloads" / "boards" / f"fee-guide.{tag}.pdf"),
    }


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_the_fees_page_the_guide_and_the_board_print_the_whole_schedule(samples_dist, views, slug, tag, prefix):
    _, project, p = views[slug, tag]
    schedule = fee_schedule(project)
    statements = schedule_statements(schedule, p)
    for output, text in outputs(samples_dist, slug, tag, prefix).items():
        assert not missing(text, statements, CARRIES[output]), output
        assert not contradictions(text, schedule, p), output


@pytest.mark.parametrize(("slug", "tag", "prefix"), EDITIONS, ids=IDS)
def test_the_faq_quotes_the_schedule_and_nothing_else(samples_dist, views, slug, tag, prefix):
    _, project, p = views[slug, tag]
    schedule = fee_schedule(project)
    text = page_text(samples_dist / "public" / slug / prefix / "faq" / "index.html")
    for item in project.faq:
        assert "{{" not in item.answer and squash(item.answer) in text, item.id
    assert not contradictions(text, schedule, p)
    figures = [squash(p.figure(figure)) for figure in schedule.figures().values()]
    amounts = re.findall(re.escape(p.money(0)[:-4]) + r"[\d,]+\.\d\d", text)  # each with the currency's symbol
    assert all(any(amount in figure for figure in figures) for amount in amounts), amounts


def test_a_template_leaving_out_part_of_the_schedule_is_found_out(tmp_path, views):
    """The checks above can fail: a guide whose project template drops the parking table is missing its rows."""
    repo = make_sample_repo(tmp_path / "repo", ("lotus-garden",))
    guide = (REPO_ROOT / "templates" / "guide" / "guide.html").read_text(encoding="utf-8")
    assert "{{ fees.parking() }}" in guide
    override = repo / "projects" / "lotus-garden" / "templates" / "guide" / "guide.html"
    override.parent.mkdir(parents=True)
    override.write_text(guide.replace("{{ fees.parking() }}", ""), encoding="utf-8")
    out = tmp_path / "dist"
    assert main(["--repo", str(repo), "build", "lotus-garden", "--only", "guide", "--out", str(out)]) == 0
    _, project, p = views["lotus-garden", "zh-CN"]
    schedule = fee_schedule(project)
    text = pdf_text(out / "public" / "lotus-garden" / "downloads" / "move-in-guide.zh-CN.pdf")
    gone = missing(text, schedule_statements(schedule, p), CARRIES["guide"])
    assert gone and all(entry.startswith("parking: ") for entry in gone)
