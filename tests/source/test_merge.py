"""Companies and merging: a project over its company (over the company's parent), each value's file kept."""

import re
from pathlib import Path

import pytest

from handbook.errors import ProjectInvalid
from handbook.source.projects import ProjectSource, load_project
from tests.companies import repo_with, write_company
from tests.conftest import make_repo, template_text


def load(root: Path, slug: str = "demo"):
    return load_project(ProjectSource(slug, root / "projects" / slug))


def problems(root: Path) -> list[str]:
    """Return the problems of loading demo, each file named from the repository's root."""
    with pytest.raises(ProjectInvalid) as caught:
        load(root)
    return [str(problem).replace(f"{root}/", "") for problem in caught.value.problems]


def step_ids(loaded) -> list[str]:
    return [step.id for step in loaded.project.processes.move_in.steps]


def test_a_project_of_a_company_is_the_same_project_as_written_whole(tmp_path):
    (tmp_path / "whole").mkdir()
    whole = make_repo(tmp_path / "whole", {"demo": template_text()})
    merged = load(repo_with(tmp_path / "split"))
    assert merged.project.model_dump(exclude={"company"}) == load(whole).project.model_dump(exclude={"company"})
    assert merged.source.companies == ((tmp_path / "split" / "companies" / "acme").resolve(),)


def test_mappings_merge_key_by_key(tmp_path):
    loaded = load(repo_with(tmp_path, project_extra="""\
        complaints:
          response: 12 小时内回复。
        """))
    assert loaded.project.complaints.response == "12 小时内回复。"
    assert loaded.project.complaints.channels == ["服务中心前台"]  # the company's, kept


def test_a_project_overrides_one_step_and_adds_one_where_it_says(tmp_path):
    loaded = load(repo_with(tmp_path, project_extra="""\
        processes:
          move_in:
            steps:
              - id: keys
                title: 领取钥匙及门禁卡
              - id: inspect
                after: reception
                title: 验收房屋
                role: reception
        """))
    steps = loaded.project.processes.move_in.steps
    assert [step.id for step in steps] == ["reception", "inspect", "keys"]
    assert steps[2].title == "领取钥匙及门禁卡"
    assert steps[2].detail.startswith("核对身份后")  # the company's detail of that step, kept
    assert loaded.project.processes.move_in.name == "入伙办理流程"


def test_a_new_step_must_say_where_it_goes(tmp_path):
    found = problems(repo_with(tmp_path, project_extra="""\
        processes:
          move_in:
            steps:
              - id: inspect
                title: 验收房屋
        """))
    assert len(found) == 1
    assert found[0].startswith("projects/demo/project.yml:")
    assert "inspect" in found[0] and "after:" in found[0] and "reception, keys" in found[0]


def test_remove_drops_items_by_id_and_names_an_unknown_one(tmp_path):
    loaded = load(repo_with(tmp_path, project_extra="""\
        processes:
          move_in:
            steps:
              - remove: [reception]
        """))
    assert step_ids(loaded) == ["keys"]
    found = problems(repo_with(tmp_path / "bad", project_extra="""\
        processes:
          move_in:
            steps:
              - remove: [welcome]
        """))
    assert len(found) == 1 and "welcome" in found[0] and "reception, keys" in found[0]
    assert re.search(r"project\.yml:\d+:\d+: processes\.move_in\.steps\[1\]\.remove\[1\]", found[0])


def test_an_id_keyed_list_adds_at_the_end_when_order_is_not_meaning(tmp_path):
    loaded = load(repo_with(tmp_path, project_extra="""\
        roles:
          - id: cashier
            name: 收银员
          - id: reception
            name: 前台接待
        """))
    assert [(role.id, role.name) for role in loaded.project.roles] == [("reception", "前台接待"), ("cashier", "收银员")]


def test_other_lists_are_replaced_whole(tmp_path):
    loaded = load(repo_with(tmp_path, project_extra="""\
        complaints:
          channels: [微信公众号]
        """))
    assert loaded.project.complaints.channels == ["微信公众号"]


def test_a_company_extends_its_parent_and_the_nearest_layer_wins(tmp_path):
    root = repo_with(tmp_path, group="""\
        # The group: what every subsidiary shares
        complaints:
          channels: [集团热线]
          response: 48 小时内回复。
        meters: [water, electricity, gas]
        """.replace("        ", ""))
    loaded = load(root)
    assert loaded.project.meters == ["water", "electricity", "gas"]  # from the group
    assert loaded.project.complaints.channels == ["服务中心前台"]  # the subsidiary's
    assert loaded.source.companies == ((root / "companies" / "acme").resolve(), (root / "companies" / "group").resolve())


def test_a_typo_in_the_company_file_names_the_company_file(tmp_path):
    root = repo_with(tmp_path)
    path = root / "companies" / "acme" / "company.yml"
    text = path.read_text(encoding="utf-8").replace("    name: 接待员", "    nmae: 接待员")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    nmae: 接待员") + 1
    found = problems(root)
    assert any(p.startswith(f"companies/acme/company.yml:{line}:5: roles[1].nmae") for p in found), found
    assert any(p.startswith("companies/acme/company.yml:") and "roles[1].name" in p for p in found), found


def test_a_wrong_value_the_project_overrides_names_the_project_file(tmp_path):
    root = repo_with(tmp_path, project_extra="""\
        roles:
          - id: reception
            name: ""
        """)
    found = problems(root)
    assert len(found) == 1 and found[0].startswith("projects/demo/project.yml:") and "roles[1].name" in found[0]


def test_an_unknown_company_and_a_circle_are_refused(tmp_path):
    root = repo_with(tmp_path)
    project = root / "projects" / "demo" / "project.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("company: acme", "company: acne"), "utf-8")
    (found,) = problems(root)
    assert found.startswith("projects/demo/project.yml:1:10: company:") and "acne" in found and "acme" in found
    circle = repo_with(tmp_path / "circle", group="extends: acme\n")
    (found,) = problems(circle)
    assert "acme → group → acme" in found and found.startswith("companies/group/company.yml:1")


def test_a_company_file_may_not_name_a_company(tmp_path):
    root = repo_with(tmp_path, company_extra="company: other\n")
    (found,) = problems(root)
    assert found.startswith("companies/acme/company.yml:") and "extends:" in found


def test_the_sample_overrides_one_form_and_one_step_of_its_companies():
    from tests.conftest import PROJECTS

    loaded = load_project(ProjectSource("lotus-garden", PROJECTS / "lotus-garden"))
    form = next(form for form in loaded.project.forms if form.id == "item_receipt_log")
    places = loaded.places
    index = loaded.project.forms.index(form)
    assert form.copies == 80 and places.file_of(("forms", index, "copies")) == "projects/lotus-garden/project.yml"
    assert places.file_of(("forms", index, "name")) == "companies/lotus-property/company.yml"
    covenant = [form.id for form in loaded.project.forms].index("management_covenant")
    assert places.file_of(("forms", covenant, "to")) == "companies/lotus-harbour-group/company.yml"
    steps = loaded.project.processes.move_in.steps
    welcome = next(index for index, step in enumerate(steps) if step.id == "welcome")
    assert steps[welcome].detail.startswith("引导员在小区南门迎候")
    loc = ("processes", "move_in", "steps", welcome)
    assert places.file_of(loc + ("detail",)) == "projects/lotus-garden/project.yml"
    assert places.file_of(loc + ("title",)) == "companies/lotus-property/company.yml"
    assert [place.file for place in places.replaced[loc + ("detail",)]] == ["companies/lotus-property/company.yml"]


def test_an_id_twice_in_one_file_is_reported_not_merged(tmp_path):
    found = problems(repo_with(tmp_path, project_extra="""\
        roles:
          - id: cashier
            name: 收银员
          - id: cashier
            name: 出纳
        """))
    assert len(found) == 1 and "cashier" in found[0] and found[0].startswith("projects/demo/project.yml:")


def test_a_project_may_replace_the_company_flow_whole(tmp_path):
    loaded = load(repo_with(tmp_path, project_extra="""\
        processes:
          move_in:
            steps:
              - remove: [reception, keys]
              - id: sign-in
                title: 签到
                role: reception
              - id: handover
                title: 交付钥匙
                role: reception
        """))
    assert step_ids(loaded) == ["sign-in", "handover"]


def test_a_field_no_layer_gives_is_asked_of_the_project_naming_the_company_file(tmp_path):
    root = repo_with(tmp_path)
    company = root / "companies" / "acme" / "company.yml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("  channels: [服务中心前台]\n", ""), encoding="utf-8")
    (found,) = problems(root)
    assert re.match(r"projects/demo/project\.yml:\d+:\d+: complaints\.channels: ", found)
    assert "companies/acme/company.yml" in found


def test_what_a_company_file_refuses_is_not_also_missing(tmp_path):
    root = repo_with(tmp_path, company_extra="city: !!binary aGVsbG8=\nwelcome: !!binary aGVsbG8=\n")
    found = problems(root)
    assert len(found) == 2 and all(p.startswith("companies/acme/company.yml:") for p in found), found


def test_extends_must_name_one_company(tmp_path):
    root = repo_with(tmp_path)
    company = root / "companies" / "acme" / "company.yml"
    company.write_text("extends: [group]\n" + company.read_text(encoding="utf-8"), encoding="utf-8")
    (found,) = problems(root)
    assert found.startswith("companies/acme/company.yml:1:10: extends:")


def test_an_empty_company_file_gives_no_data(tmp_path):
    root = repo_with(tmp_path)
    whole = root / "companies" / "acme" / "company.yml"
    text = whole.read_text(encoding="utf-8")
    whole.write_text("extends: parent\n", encoding="utf-8")
    write_company(root, "parent", "# nothing shared in data yet: only pages\n")
    with pytest.raises(ProjectInvalid):  # the project lacks what acme gave
        load(root)
    whole.write_text("extends: parent\n" + text, encoding="utf-8")
    assert load(root).source.companies[1].name == "parent"
