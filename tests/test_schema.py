import pandas as pd

from olcc_report.book.dictionary import data_dictionary_markdown
from olcc_report.records import reference, schema
from olcc_report.records.case_frame import case_frame_schema


def test_field_names_and_codes_are_unique():
    names = [f.name for f in schema.fields()]
    assert len(names) == len(set(names))
    for f in schema.fields():
        assert len(f.codes) == len(set(f.codes)), f.name
        if f.kind in ("category", "multi"):
            assert f.categories, f.name


def test_required_fields_of_the_issue_are_present():
    required = {
        "case_id",
        "aanmelddatum",
        "afsluitdatum",
        "aanmelder",
        "geslacht",
        "leeftijd",
        "leeftijdsgroep",
        "jeugdregio",
        "woonsituatie",
        "problemen",
        "leefgebieden",
        "verstoringen",
        "hulpvraag",
        "inzet",
        "expertteam_betrokken",
        "teruggelegd_bij_expertteam",
        "profielgroep",
        "uitkomst",
    }
    assert required <= set(schema.field_by_name())
    assert schema.get_field("afsluitdatum").required is False
    assert set(schema.get_field("verstoringen").codes) == {
        "organisatorisch",
        "wettelijk",
        "inhoudelijk",
        "werkrelaties",
    }


def test_age_groups_cover_every_age_once():
    for age in range(schema.AGE_MIN, schema.AGE_MAX + 1):
        matches = [g for g in schema.AGE_GROUPS if g.low <= age <= g.high]
        assert len(matches) == 1, age
    assert schema.age_group_of(12) == "5-12"
    assert schema.age_group_of(13) == "13-17"
    assert schema.age_group_of(24) == "24+"


def test_regions_come_from_reference_data():
    regions = reference.regions()
    assert len(regions) == 42
    assert "JZ40" not in {r.code for r in regions}  # CBS has no JZ40
    assert schema.get_field("jeugdregio").codes == [r.code for r in regions]
    zeeland = next(r for r in regions if r.code == "JZ38")
    assert zeeland.province == "Zeeland"


def test_data_dictionary_lists_every_field_and_region():
    page = data_dictionary_markdown()
    for f in schema.fields():
        assert f"`{f.name}`" in page
    for r in reference.regions():
        assert f"`{r.code}`" in page
    assert page.startswith("# Gegevenswoordenboek")


def test_pandera_schema_has_one_column_per_category_of_multi_fields():
    columns = set(case_frame_schema().columns)
    assert "problemen__trauma" in columns
    assert "problemen" not in columns
    assert {"leeftijdsgroep", "provincie"} <= columns


def test_ambiguous_region_names_are_not_auto_mapped():
    aliases = reference.region_aliases()
    assert aliases["Regio Amersfoort"] == "JZ20"
    assert "Noord-Holland Noord" not in aliases
    assert "Noord-Holland Noord" in reference.ambiguous_region_names()
    assert isinstance(reference.provinces(), pd.DataFrame)


def test_synonyms_never_name_another_category_and_core_fields_are_the_six():
    from olcc_report.intake.values import normalise

    assert [f.name for f in schema.fields() if f.core] == [
        "case_id",
        "aanmelddatum",
        "afsluitdatum",
        "geslacht",
        "leeftijd",
        "jeugdregio",
    ]
    for f in schema.fields():
        names = {}
        for c in f.categories:
            for name in (c.code, c.label):
                names.setdefault(normalise(name), set()).add(c.code)
        for alias, code in f.aliases.items():
            assert code in f.codes, (f.name, alias)
            assert names.get(normalise(alias), {code}) == {code}, (f.name, alias)
