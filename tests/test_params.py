import datetime as dt

import pytest
from conftest import ROOT

from olcc_report.intake.params import ParamsError, load_params

BASE = 'period: "2020"\ntitle: T\ndata:\n  cases: demo\n'


def write(tmp_path, text):
    path = tmp_path / "2020.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_params_of_the_repository_load():
    for period in ("2019", "2020", "2021"):
        loaded = load_params(ROOT / "params" / f"{period}.yaml")
        assert loaded.params.is_demo
        assert loaded.params.period_start == dt.date(int(period), 1, 1)
        assert loaded.params.period_end == dt.date(int(period), 12, 31)
        assert loaded.params.disclosure.min_count == 10


def test_unknown_keys_name_the_key_and_the_allowed_ones(tmp_path):
    path = write(tmp_path, BASE + "disclosur:\n  min_count: 5\ndata2: x\n")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    problems = info.value.problems
    assert len(problems) == 2
    assert "unknown key 'disclosur'" in problems[0] or "unknown key 'disclosur'" in problems[1]
    assert any("allowed here:" in p and "disclosure" in p for p in problems)


def test_nested_unknown_key(tmp_path):
    path = write(tmp_path, BASE + "disclosure:\n  min_cnt: 5\n")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert (
        "unknown key 'disclosure.min_cnt' (allowed here: min_count, rounding_base)"
        in info.value.problems[0]
    )


def test_missing_data_file_and_bad_mapping_are_listed_together(tmp_path):
    text = (
        'period: "2020"\ntitle: T\ndata:\n  cases: export.csv\nmapping:\n  columns:\n'
        "    Dossier: dossier_nr\n  values:\n    aanmelder:\n      Moeder: mama\n"
    )
    with pytest.raises(ParamsError) as info:
        load_params(write(tmp_path, text))
    joined = " | ".join(info.value.problems)
    assert "unknown field 'dossier_nr'" in joined
    assert "unknown code 'mama'" in joined
    assert "file not found" in joined


def test_year_and_quarter_periods_need_no_dates_others_do(tmp_path):
    quarter = load_params(write(tmp_path, BASE.replace('"2020"', '"2021-Q3"'))).params
    assert (quarter.period_start, quarter.period_end) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30))
    q1 = load_params(write(tmp_path, BASE.replace('"2020"', '"2024-Q1"'))).params
    assert q1.period_end == dt.date(2024, 3, 31)
    with pytest.raises(ParamsError, match="not a year"):
        load_params(write(tmp_path, BASE.replace('"2020"', '"2021-Q5"')))
    with pytest.raises(ParamsError, match="not a year"):
        load_params(write(tmp_path, BASE.replace('"2020"', '"schooljaar 2021"')))
    ok = load_params(
        write(
            tmp_path,
            BASE.replace('"2020"', '"schooljaar 2021"') + "start: 2021-08-01\nend: 2022-07-31\n",
        )
    )
    assert ok.params.period_end == dt.date(2022, 7, 31)


def test_relative_data_path_resolves_against_the_params_folder(tmp_path):
    (tmp_path / "export.csv").write_text("x", encoding="utf-8")
    loaded = load_params(write(tmp_path, BASE.replace("demo", "export.csv")))
    assert loaded.cases_path == (tmp_path / "export.csv").resolve()


def test_not_yaml_or_not_a_mapping(tmp_path):
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(write(tmp_path, "a: [b"))
    with pytest.raises(ParamsError, match="mapping"):
        load_params(write(tmp_path, "- a\n- b\n"))


def test_a_definitive_book_needs_its_date_and_revisions_come_in_order(tmp_path):
    with pytest.raises(ParamsError) as info:
        load_params(write(tmp_path, BASE + "publication:\n  status: definitief\n"))
    assert "publication.date" in str(info.value)
    text = (
        BASE + "publication:\n  status: definitief\n  date: 2021-06-30\n  next_update: 2021-01-01\n"
        "  revisions:\n    - {date: 2022-02-01, what: b, why: c}\n"
        "    - {date: 2021-09-01, what: a, why: c}\n"
    )
    with pytest.raises(ParamsError) as info:
        load_params(write(tmp_path, text))
    assert "oldest first" in " ".join(info.value.problems)
    with pytest.raises(ParamsError) as info:
        load_params(write(tmp_path, BASE + "publication:\n  contact: {email: 'niet een adres'}\n"))
    assert "'publication.contact.email': Value error, not an e-mail address" in str(info.value)
    published = load_params(
        write(
            tmp_path,
            BASE + "publication:\n  status: definitief\n  date: 2021-06-30\n"
            "  revisions:\n    - {date: 2021-09-01, what: a, why: b}\n"
            "  url: https://www.example.nl/olcc/2020/\n",
        )
    ).params.publication
    assert published.revised == dt.date(2021, 9, 1) and published.licence == "CC BY 4.0"
    # Without a publication block a book is provisional: nothing claims to be final.
    assert load_params(write(tmp_path, BASE)).params.publication.status == "voorlopig"
