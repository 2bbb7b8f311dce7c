"""Generate 云岭县, the fictional county of examples/: a roster and the workbooks its units sent in.

    .venv/bin/python examples/make_county.py [OUTDIR] [--seed N]

Writes OUTDIR/county/名单.csv, OUTDIR/county/报送/*.xlsx (report year 2025, some with the mistakes of
FAULTS) and OUTDIR/county-YYYY/报送/*.xlsx for 2019–2024 (the same units' clean reports of the years before:
2019 and 2020 on the 2019 edition, later years on the 2021 edition; each year carries the last one's open
applications and documents in force, so ``--prior`` and multi-year panels line up).
Every workbook is a copy of the official template filled by defined name, as a clerk fills it.
The same seed gives the same content (file bytes differ only by timestamps). See README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import govxl
from govxl.schema import Edition
from govxl.template.fill import fill_template
from govxl.units import normalize_unit

HERE = Path(__file__).resolve().parent
SEED = 2025
YEAR = 2025
FIRST_YEAR = 2019  # the history starts with the first year of the 2019 edition
COUNTY = "云岭县"
COUNTY_CODE = "439901"  # fictional
ROSTER_COLUMNS = ("单位名称", "单位类别", "行政区划代码")


@dataclass(frozen=True)
class Profile:
    """How busy a kind of unit is, per year (ranges are inclusive)."""

    level: str  # 单位类别
    requests: tuple[int, int]  # new applications
    forward: float  # chance an application is still open at year end
    normative: tuple[int, int]  # 行政规范性文件 issued
    license: tuple[int, int]
    penalty: tuple[int, int]
    coercion: tuple[int, int]
    fees: tuple[float, float]  # 万元
    topics: str = "政策文件、办事依据和补贴发放"  # what applicants ask about
    disputes: float = 0.0  # chance of each of two possible 复议/诉讼 cases
    fee_notice: bool = False  # sends an 信息处理费 notice that goes unpaid


TOWN = Profile("乡镇（街道）", (0, 15), 0.03, (0, 1), (0, 40), (0, 12), (0, 2), (0, 0), "土地征收补偿、低保救助和惠农补贴")
STREET = Profile("乡镇（街道）", (0, 10), 0.03, (0, 1), (0, 10), (0, 20), (0, 3), (0, 0), "房屋征收、城市管理和社区事务")
DEPT = Profile("县级部门", (0, 8), 0.05, (0, 2), (20, 400), (0, 60), (0, 10), (0, 80))
BUSY = Profile("县级部门", (20, 60), 0.08, (1, 4), (150, 600), (20, 120), (0, 15), (50, 600),
               "征地拆迁、项目审批和不动产登记", disputes=0.25, fee_notice=True)

# roster name, profile (towns 1xx and streets 0xx get a 12-digit code, departments the county's)
UNITS: tuple[tuple[str, Profile], ...] = (
    ("城关街道办事处", STREET), ("东城街道办事处", STREET), ("西湖街道办事处", STREET),
    ("青石镇人民政府", TOWN), ("白沙镇人民政府", TOWN), ("龙潭镇人民政府", TOWN), ("柳溪镇人民政府", TOWN),
    ("石门镇人民政府", TOWN), ("双河镇人民政府", TOWN), ("桃源镇人民政府", TOWN), ("枫林镇人民政府", TOWN),
    ("高桥镇人民政府", TOWN), ("新塘镇人民政府", TOWN),
    ("县自然资源局", BUSY), ("县住房和城乡建设局", BUSY), ("县人力资源和社会保障局", DEPT),
    ("县市场监督管理局", DEPT), ("县教育局", DEPT), ("县公安局", DEPT), ("县财政局", DEPT),
    ("县交通运输局", DEPT), ("县农业农村局", DEPT), ("县卫生健康局", DEPT), ("县水利局", DEPT), ("县民政局", DEPT),
)
EXTRA = ("云岭经济开发区管理委员会", DEPT)  # sends a report but is not on the roster

# the mistakes counties really see, one unit each (README.md explains them; tests check each one is caught)
FAULTS = {
    "白沙镇人民政府": "balance",  # 表三 自然人列 一+二 ≠ 七+四: a forwarded application counted twice
    "龙潭镇人民政府": "overwritten",  # （七）总计 typed over its formula, and wrong
    "柳溪镇人民政府": "blank",  # 表四 and 行政强制 left empty instead of 0
    "石门镇人民政府": "wu",  # “无” typed in a count cell of 表四
    "双河镇人民政府": "old-template",  # an old 2019-edition workbook filled in for 2025
    "县民政局": "duplicate",  # sent twice: the original and a （修改版）
    "枫林镇人民政府": "damaged",  # the file was cut off in transfer
    "高桥镇人民政府": "missing",  # sent nothing
    "新塘镇人民政府": "misspelt",  # wrote 新棠镇 (one character off)
}
MISSPELT = {"新塘镇人民政府": "新棠镇人民政府"}

# how applications end and who sends them (weights); keys missing from an edition are skipped
OUTCOMES = {
    "granted": 50, "partial": 8, "denied_thirdparty": 2, "denied_process": 2, "denied_internal": 1,
    "denied_query": 2, "unable_nothold": 18, "unable_create": 3, "unable_unclear": 3, "ignored_petition": 5,
    "ignored_repeat": 2, "ignored_confirm": 1, "other_nocorrection": 2, "other_misc": 1,
}
APPLICANTS = {"natural": 88, "commercial": 7, "legal": 3, "otherorg": 2}
FEE_NOTICE_AMOUNT = 300  # 元
FILE_NAMES = (  # as clerks name their files; {short} is the unit's short name
    "{short}{year}年政务公开年报.xlsx",
    "{short}{year}年度政府信息公开工作年度报告.xlsx",
    "{year}年政府信息公开年报（{short}）.xlsx",
    "{short}-{year}年报.xlsx",
)
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗"
GIVEN = ("丽", "敏", "静", "伟", "芳", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞")

PROSE = {
    "text_overview": (
        "{year}年，{unit}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "围绕中心工作做好政府信息公开，保障群众的知情权、参与权和监督权。",
        "{year}年，{unit}在县委、县政府的领导下，按照全县政务公开工作要点，扎实推进政府信息公开工作，"
        "各项工作有序开展。",
    ),
    "text_overview_active": (
        "通过{portal}主动公开各类政府信息{items}条，重点公开财政预决算、惠民惠农补贴、重大项目建设等信息。",
        "全年在{portal}发布政府信息{items}条，及时更新机构职能、政策文件、办事指南等栏目内容。",
    ),
    "text_overview_oversight": (
        "将政务公开工作纳入年度工作考核，明确专人负责，{disputes}",
        "落实信息发布前审核制度，全年未发生泄密和不当公开问题。{disputes}",
    ),
    "text_overview_management": (
        "严格执行信息公开保密审查制度，对拟公开信息逐条审核；定期清理已公开的规范性文件，确保现行有效。",
        "建立信息公开台账，做好政府信息的收集、登记和归档，及时更新政府信息公开指南。",
    ),
    "text_overview_platform": (
        "依托{portal}开展信息发布，同步在政务新媒体和公开栏发布涉及群众切身利益的信息。",
        "持续规范{portal}，做到内容准确、更新及时，方便群众查阅。",
    ),
    "text_problems": (
        "一是公开内容还不够全面，部分栏目更新不及时；二是工作人员业务水平有待提高。下一步，"
        "我们将加强业务培训，完善信息发布审核机制，提升公开质量。",
        "存在的问题主要是政策解读形式比较单一，公开信息的可读性不强。下一步将丰富解读形式，"
        "多用图表、问答等方式解读政策，方便群众理解。",
    ),
}


@dataclass
class Year:
    """One unit's figures for one year, and what it carries into the next."""

    cells: dict[str, object]
    open_cases: list[str]  # applicant column of each application carried to next year
    valid: int  # 行政规范性文件 现行有效件数 (2019 edition: 对外公开总数量)
    projects: dict[str, int]  # 2019 edition 表二 project -> 上一年项目数量 of the next year


def simulate(unit: str, profile: Profile, edition: Edition, year: int, last: Year | None, rng: random.Random) -> Year:
    """Plausible figures for ``unit`` in ``year`` that satisfy every rule of ``edition``."""
    applicants = [c for c in edition.sets["t3_applicant"] if c in APPLICANTS]
    outcomes = [o for o in edition.sets["t3_outcome"] if o in OUTCOMES]
    carried = list(last.open_cases) if last else []
    new = rng.choices(applicants, [APPLICANTS[c] for c in applicants], k=rng.randint(*profile.requests))
    still_open = [rng.random() < profile.forward for _ in new]
    forward = [a for a, o in zip(new, still_open) if o]
    closed = carried + [a for a, o in zip(new, still_open) if not o]
    ends = rng.choices(outcomes, [OUTCOMES[o] for o in outcomes], k=len(closed))
    if profile.fee_notice and closed and "other_nofee" in edition.sets["t3_outcome"]:
        ends[-1] = "other_nofee"
    counts = Counter(("new", a) for a in new)
    counts.update(("carried", a) for a in carried)
    counts.update(("forward", a) for a in forward)
    counts.update(zip(ends, closed))
    t3 = {f"t3_{row}_{col}": n for (row, col), n in counts.items()}

    issued = rng.randint(*profile.normative)
    valid_before = last.valid if last else rng.randint(0, 3 * profile.normative[1])
    repealed = rng.randint(0, min(1, valid_before)) if "t2_normative_repealed" in edition else 0
    valid = valid_before + issued - repealed
    disputes = {g: sum(rng.random() < profile.disputes for _ in range(2)) for g in ("review", "direct")}
    figures: dict[str, object] = {
        **t3,
        "t2_normative_issued": issued, "t2_normative_repealed": repealed, "t2_normative_valid": valid,
        "t2_normative_made": issued, "t2_normative_published": issued, "t2_normative_total": valid,
        "t2_license_decisions": rng.randint(*profile.license), "t2_penalty_decisions": rng.randint(*profile.penalty),
        "t2_coercion_decisions": rng.randint(*profile.coercion),
        "t2_fees_amount": round(rng.uniform(*profile.fees), 2),
        "t4_review_upheld": disputes["review"], "t4_direct_upheld": disputes["direct"],
    }
    projects = {}
    for project in edition.sets.get("t2_project", ()):  # 2019 edition: 上一年项目数量 rolls forward by 本年增/减
        prev = last.projects.get(project) if last and project in last.projects else rng.randint(0, 30)
        change = rng.randint(-min(prev, 2), 3)
        figures.update({f"t2_{project}_prev": prev, f"t2_{project}_change": change})
        projects[project] = prev + change
    nofee = sum(counts[("other_nofee", a)] for a in applicants)
    if "x_fee_notices" in edition:
        figures.update(x_fee_notices=nofee, x_fee_notice_amount=nofee * FEE_NOTICE_AMOUNT, x_fee_collected=0)
    totals = {"new": len(new), "carried": len(carried), "closed": len(closed), "forward": len(forward),
              "review": disputes["review"], "lawsuit": disputes["direct"], "nofee": nofee}
    head = meta(unit, profile, year, rng)
    cells = {**fill_values(edition, figures), **head, **prose(str(head["meta_unit"]), profile, year, totals, rng)}
    return Year(cells, forward, valid, projects)


def fill_values(edition: Edition, figures: dict[str, object]) -> dict[str, object]:
    """Every number cell a filler types (computed cells keep their formulas): the figure, else 0."""
    return {f.key: figures.get(f.key, 0) for f in edition.value_fields if not f.computed}


def region_codes() -> dict[str, str]:
    """Streets 001…, towns 101… (12 digits, as 统计用区划代码); departments the county's 6-digit code."""
    codes, seen = {}, Counter()
    for unit, profile in UNITS:
        first = 101 if unit.endswith("镇人民政府") else 1 if profile.level == TOWN.level else None
        codes[unit] = COUNTY_CODE if first is None else f"{COUNTY_CODE}{first + seen[first]:03d}000"
        seen[first] += 1
    return codes


CODES = region_codes()


def meta(unit: str, profile: Profile, year: int, rng: random.Random) -> dict[str, object]:
    return {
        "meta_unit": COUNTY + unit[1:] if unit.startswith("县") else unit,  # departments write the full name
        "meta_year": year, "meta_level": profile.level, "meta_region": COUNTY,
        "meta_region_code": CODES.get(unit, COUNTY_CODE),
        "meta_preparer": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
        "meta_phone": f"0799-{rng.randint(6200000, 6299999)}",
        "meta_date": dt.date(year + 1, 1, rng.randint(5, 28)),
    }


def prose(unit: str, profile: Profile, year: int, n: dict[str, int], rng: random.Random) -> dict[str, str]:
    portal = "县人民政府门户网站" + ("乡镇信息公开专栏" if profile.level == TOWN.level else "部门信息公开专栏")
    cases = (f"全年因政府信息公开被申请行政复议{n['review']}件，被提起行政诉讼{n['lawsuit']}件。"
             if n["review"] or n["lawsuit"] else "全年未发生因政府信息公开引起的行政复议、行政诉讼。")
    fields = {"year": year, "unit": unit, "portal": portal, "items": rng.randint(40, 400), "disputes": cases}
    text = {key: rng.choice(options).format(**fields) for key, options in PROSE.items()}
    if n["new"] or n["carried"]:
        text["text_overview_request"] = (
            f"本年度新收政府信息公开申请{n['new']}件，上年结转{n['carried']}件；办结{n['closed']}件，"
            f"结转下年度继续办理{n['forward']}件。申请内容主要涉及{profile.topics}等。")
    else:
        text["text_overview_request"] = "本年度未收到政府信息公开申请，也没有上年结转的申请。"
    text["text_other"] = (
        f"本年度依照《政府信息公开信息处理费管理办法》发出收费通知{n['nofee']}件，"
        f"金额{n['nofee'] * FEE_NOTICE_AMOUNT}元，申请人逾期未缴纳，实际收取信息处理费0元。"
        if n["nofee"] else "本年度未收取信息处理费。无其他需要报告的事项。")
    return text


# --- planted mistakes: each takes the cells a clean unit would send and spoils them -------------------

def _balance(cells: dict[str, object], edition: Edition) -> None:
    cells["t3_forward_natural"] = int(cells["t3_forward_natural"]) + 1


def _overwritten(cells: dict[str, object], edition: Edition) -> None:
    total = edition["t3_total_natural"]
    cells[total.key] = sum(int(cells[k]) for k in total.sum_of) + 2  # typed over the formula, and wrong


def _blank(cells: dict[str, object], edition: Edition) -> None:
    for key in [*edition.sets["cells_t4"], "t2_coercion_decisions"]:
        if not edition[key].computed:
            cells[key] = None


def _wu(cells: dict[str, object], edition: Edition) -> None:
    cells["t4_review_upheld"] = "无"  # towns have no 复议 cases: the true figure is 0


SPOIL = {"balance": _balance, "overwritten": _overwritten, "blank": _blank, "wu": _wu}


# --- writing -------------------------------------------------------------------------------------------

class Templates:
    """Copies of the official template of an (edition, template year), filled by defined name."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.paths: dict[tuple[str, int], Path] = {}

    def fill(self, target: Path, edition: Edition, year: int, cells: dict[str, object]) -> None:
        key = (edition.id, year)
        if key not in self.paths:
            self.paths[key] = govxl.write_template(self.workdir / f"{edition.id}-{year}.xlsx", edition.id, year)
        target.parent.mkdir(parents=True, exist_ok=True)
        fill_template(self.paths[key], cells, target)


def file_name(unit: str, year: int, index: int) -> str:
    return FILE_NAMES[index % len(FILE_NAMES)].format(short=normalize_unit(unit), year=year)


def generate(out: Path, seed: int = SEED) -> None:
    """Write the county of ``seed`` under ``out``."""
    current, old = govxl.edition_for_year(YEAR), govxl.get_edition("2019")
    folder = out / "county" / "报送"
    history = {year: out / f"county-{year}" / "报送" for year in range(FIRST_YEAR, YEAR)}
    for stale in (folder, *history.values()):  # the folders are the generator's own: no file of an older run stays
        shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        templates = Templates(Path(tmp))
        for i, (unit, profile) in enumerate([*UNITS, EXTRA]):
            rng = random.Random(f"{seed}:{unit}")
            last: Year | None = None
            for year, past in history.items():  # a clean history, each year carried into the next
                edition = govxl.edition_for_year(year)
                last = simulate(unit, profile, edition, year, last, rng)
                if unit != EXTRA[0]:
                    templates.fill(past / file_name(unit, year, i), edition, year, last.cells)
            fault = FAULTS.get(unit)
            if fault == "missing":
                continue
            # the old template is the 2020 one, its 报告年度 typed over with 2025
            edition, template_year = (old, old.last_year) if fault == "old-template" else (current, YEAR)
            cells = simulate(unit, profile, edition, YEAR, last, rng).cells
            if fault in SPOIL:
                SPOIL[fault](cells, edition)
            if unit in MISSPELT:
                cells["meta_unit"] = MISSPELT[unit]
            path = folder / file_name(MISSPELT.get(unit, unit), YEAR, i)
            if fault == "duplicate":  # a first version that forgot two 行政许可 decisions, then the fix
                first = {**cells, "meta_date": dt.date(YEAR + 1, 1, 3),
                         "t2_license_decisions": int(cells["t2_license_decisions"]) - 2}
                templates.fill(path, edition, template_year, first)
                path = path.with_name(f"{path.stem}（修改版）.xlsx")
            templates.fill(path, edition, template_year, cells)
            if fault == "damaged":
                data = path.read_bytes()
                path.write_bytes(data[: len(data) // 3])
    write_roster(out / "county" / "名单.csv")


def write_roster(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ROSTER_COLUMNS)
        w.writerows([unit, profile.level, CODES[unit]] for unit, profile in UNITS)


def main() -> None:
    parser = argparse.ArgumentParser(description="生成示例县（云岭县）的名单和各单位报送的年报工作簿")
    parser.add_argument("out", nargs="?", type=Path, default=HERE, help="输出目录（默认 examples/）")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    generate(args.out, args.seed)
    print(f"已生成：{args.out / 'county'}，以及 {FIRST_YEAR}–{YEAR - 1} 年度的 {args.out / 'county-YYYY'}")


if __name__ == "__main__":
    main()
