"""Generate a lotus-garden unit list (units.csv) of any size, for tests and benchmarks at estate scale.

    from tests.unit_lists import generate, write
    write(folder / "units.csv", 1200)          # the same 1,200 units on every run (seed 0)

Row i copies sample row i mod 57 (the sample's rows), so the mix of household types,
parking, proxies, options, languages (en, zh-HK), shops and spaces alone is
the sample's at every size. Each copy gets a unit number of its own in the
same building (a building needing more units than 32 floors of 4 gets more
rooms per floor), a new owner name, and an appointment on a day of its
phase's move-in window as project.yml gives it (09:00-16:30, every 30 min),
move_in_date being that day. The list passes `build.py check lotus-garden`.

It also holds what a layout engine trips on: one name in ten of each kind
is long (three joint owners, company names of 14-17 characters, Latin names
of 45-48 with & and quotes and <), one in ten more holds &, quotes or < at
normal length, and the first flat and the first shop have long unit numbers
(a list of 65 units or more has every one of these cases). Names are as long as a one-page
form takes: 18 Chinese characters or 57 Latin ones print it on two pages,
which check refuses. The same count and seed always give the same text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from pathlib import Path

import yaml

SAMPLE = Path(__file__).resolve().parent.parent / "projects/lotus-garden/units.csv"
FLOORS = range(2, 34)  # a tower's residential floors; the sample's run from 2 to 32
ROOMS = 4  # rooms per floor, at least (the sample's numbers end in 01-04)
SLOTS = [f"{hour:02d}:{minute:02d}" for hour in range(9, 17) for minute in (0, 30)]  # 09:00 to 16:30

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆"
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "皇甫", "司徒", "慕容", "东方"]
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彬鑫宇浩然轩涵欣怡远桐佳琪俊海东晓雯志建"
BRANDS = ["安和", "晟达", "华盈", "莲科", "鹏程", "百川", "嘉禾", "恒信", "盛世", "瑞丰", "金桥", "宏图"]
DISTRICTS = ["南山区", "福田区", "宝安区", "龙华区", "前海深港合作区"]
TRADES = ["咨询", "贸易", "投资发展", "信息技术", "餐饮管理", "供应链管理", "物业投资", "文化传播"]
SHOPS = ["便利店", "药房", "茶餐厅", "面包坊", "洗衣店", "花店"]
LATIN_FIRST = ["Daniel", "Sarah", "Michael", "Emily", "David", "Grace", "Kevin", "Helen", "Peter", "Alice"]
LATIN_LAST = ["Wong", "Lee", "Chan", "Smith", "Ng", "Cheung", "Lau", "Tam", "Ho", "Brown"]
LONG_LATIN = ['Alexandra Montgomery-Fitzgerald & "Holdings" Ltd', "Maximilian Worthington-Smythe <Trustee> & Co.",
              'Christopher "Kit" Fairweather-Llewellyn & Co.']  # 45-48 characters; 57 overflow a one-page form
ODD_LATIN = ["Chan & Lee", 'Tony "Ka-ming" Wong', "Lee <Trustee> Family"]
ODD_COMPANIES = ["深圳市A&B贸易有限公司", '深圳"好邻居"餐饮管理有限公司', "深圳市<未来>科技有限公司"]


def generate(count: int, seed: int = 0, sample: Path = SAMPLE) -> str:
    """Return the text of a units.csv of count units copied from sample (its project.yml gives the windows)."""
    rng = random.Random(seed)
    with sample.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    copies = [dict(rows[i % len(rows)]) for i in range(count)]
    windows = move_in_windows(sample.parent / "project.yml")
    seen: dict[str, int] = {}  # names given so far, by kind
    for row, (unit, floor) in zip(copies, unit_numbers(copies, rng)):
        kind = name_kind(row)
        seen[kind] = seen.get(kind, 0) + 1
        row["unit"], row["floor"], row["owner_name"] = unit, floor, owner_name(row, seen[kind], rng)
        start, end = windows[row["phase"]]
        day = dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal())).isoformat()
        row["move_in_date"], row["appointment"] = day, f"{day} {rng.choice(SLOTS)}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(copies)
    return out.getvalue()


def write(path: Path, count: int, seed: int = 0) -> None:
    """Write generate(count, seed) to path as UTF-8."""
    Path(path).write_text(generate(count, seed), encoding="utf-8", newline="")


def move_in_windows(project_file: Path) -> dict[str, tuple[dt.date, dt.date]]:
    """Return each phase's move-in window (first day, last day) from the project's YAML."""
    phases = yaml.safe_load(project_file.read_text(encoding="utf-8"))["phases"]
    return {phase["id"]: (phase["move_in"]["start"], phase["move_in"]["end"]) for phase in phases}


def unit_numbers(rows: list[dict[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """Return a (unit, floor) for each row, unique, in its row's building; the first flat's and shop's are long.

    Flats are drawn from every floor and room of their tower, shops numbered
    along the street (S-101, S-102...), spaces per level and kind (B1-P001,
    B2-M001...), all shuffled by rng.
    """
    by_building: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_building.setdefault(row["building"], []).append(index)
    numbers: list[tuple[str, str]] = [("", "")] * len(rows)
    for building, indices in by_building.items():
        if building == "商业街":
            drawn = [(f"S-{101 + n}", "1") for n in range(len(indices))]
        elif building == "地下车库":
            kinds = ["M" if rows[i]["parking_type"] == "motorcycle" else "P" for i in indices]
            free = {kind: rng.sample([(level, n) for level in ("B1", "B2") for n in range(1, len(kinds) + 1)],
                                     kinds.count(kind)) for kind in set(kinds)}
            drawn = []
            for kind in kinds:
                level, n = free[kind].pop()
                drawn.append((f"{level}-{kind}{n:03d}", level))
        else:
            rooms = max(ROOMS, math.ceil(len(indices) / len(FLOORS)))
            slots = rng.sample([(floor, room) for floor in FLOORS for room in range(1, rooms + 1)], len(indices))
            tower = building.removesuffix("栋")
            drawn = [(f"{tower}-{floor:02d}{room:02d}", str(floor)) for floor, room in slots]
        for index, number in zip(indices, drawn):
            numbers[index] = number
    return with_long_numbers(rows, numbers)


def with_long_numbers(rows: list[dict[str, str]], numbers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return numbers with the first flat's and the first shop's lengthened (still unique: their own number leads)."""
    flat = next((i for i, row in enumerate(rows) if row["property_type"] == "residential"), None)
    shop = next((i for i, row in enumerate(rows) if row["property_type"] == "shop"), None)
    numbers = list(numbers)
    if flat is not None:
        unit, floor = numbers[flat]
        numbers[flat] = (f"{unit}/{int(floor) + 1:02d}{unit[-2:]}（复式，上下两层打通）", floor)
    if shop is not None:
        unit, floor = numbers[shop]
        numbers[shop] = (f"{unit}A & {unit}B (G/F & 1/F, Corner Unit)", floor)
    return numbers


def name_kind(row: dict[str, str]) -> str:
    """Return the kind of name a row's owner has: latin (an en row), company (a company or shop tenant) or person."""
    if row["language"] == "en":
        return "latin"
    return "company" if row["household_type"] in ("company", "shop_tenant") else "person"


def owner_name(row: dict[str, str], n: int, rng: random.Random) -> str:
    """Return the nth owner name of the row's kind: the 2nd, 12th, 22nd... long, the 3rd, 13th... with &, quotes or <.

    Counted by kind, so that a short list has both hard cases of every kind,
    though en rows are one in 28.
    """
    kind, hard = name_kind(row), {2: "long", 3: "odd"}.get(n % 10)
    if kind == "latin":
        return rng.choice(LONG_LATIN) if hard == "long" else rng.choice(ODD_LATIN) if hard == "odd" else \
            f"{rng.choice(LATIN_FIRST)} {rng.choice(LATIN_LAST)}"
    if kind == "company":
        if hard == "long":
            return long_company(rng)
        if hard == "odd":
            return rng.choice(ODD_COMPANIES)
        if row["household_type"] == "shop_tenant":
            return rng.choice(["莲园", *BRANDS]) + rng.choice(SHOPS)
        return f"深圳市{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司"
    if hard == "long":  # three joint owners with compound surnames: 14 characters
        return "、".join(rng.choice(COMPOUND_SURNAMES) + "".join(rng.choices(GIVEN, k=2)) for _ in range(3))
    if hard == "odd":
        return f"{person(rng)} & {person(rng)}"
    return person(rng)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))


def long_company(rng: random.Random) -> str:
    """Return a registered company name of 14 to 17 characters (18 or more overflow a one-page form)."""
    while True:
        name = (f"深圳市{rng.choice(DISTRICTS)}{rng.choice(BRANDS)}{rng.choice(['', '国际'])}"
                f"{rng.choice(TRADES)}有限公司")
        if 14 <= len(name) <= 17:
            return name
