"""Stille vragen: expected counts, limits and overdispersion checked by hand, the CBS population
shipped with the package, and judgements made from published numbers only."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from scipy import stats

from olcc_report.analysis import funnel
from olcc_report.intake import population
from olcc_report.pipeline.period import load_period
from olcc_report.records import reference, schema

BANDS = {"0_14": "jeugdigen_0_14", "15_plus": "jongeren_15_24"}


def test_expected_counts_by_indirect_standardisation_by_hand():
    # Three regions, two age bands. National: 50 cases on 5.000 young children (1%), 100 on
    # 5.000 older ones (2%). A: 1.000·1% + 1.000·2% = 30; B: 3.000·1% + 1.000·2% = 50;
    # C: 1.000·1% + 3.000·2% = 70. Together 150, the national count.
    people = pd.DataFrame(
        {
            "jeugdregio": ["A", "B", "C"],
            "jeugdigen_0_14": [1000, 3000, 1000],
            "jongeren_15_24": [1000, 1000, 3000],
        }
    )
    expected = funnel.expected_counts(people, BANDS, {"0_14": 50, "15_plus": 100})
    assert expected.to_dict() == pytest.approx({"A": 30, "B": 50, "C": 70})


@pytest.mark.parametrize("e", [3, 30, 70])
def test_exact_poisson_limits_are_where_the_poisson_tails_say(e):
    # The lower limit λ/E: a Poisson(λ) count reaches E with probability 2.5% (0.1%); the
    # upper: it stays at or below E with probability 2.5% (0.1%). From the Poisson itself.
    lim = funnel.poisson_limits(e)
    assert stats.poisson.sf(e - 1, lim.low95 * e) == pytest.approx(0.025)
    assert stats.poisson.cdf(e, lim.high95 * e) == pytest.approx(0.025)
    assert stats.poisson.sf(e - 1, lim.low998 * e) == pytest.approx(0.001)
    assert stats.poisson.cdf(e, lim.high998 * e) == pytest.approx(0.001)
    assert lim.low998 < lim.low95 < 1 < lim.high95 < lim.high998


def test_overdispersion_phi_and_tau_by_hand():
    # Ten regions with E = 100, observed 64 and 144 in turn: z = 2(√O − √E) = ∓4, nothing to
    # winsorise, φ = 16. Weights 4E = 400: τ² = (10·16 − 9) / (4.000 − 400) = 151 / 3.600.
    expected = np.full(10, 100.0)
    observed = np.array([64.0, 144.0] * 5)
    d = funnel.overdispersion(observed, expected)
    assert d.phi == pytest.approx(16)
    assert d.tau2 == pytest.approx(151 / 3600)
    assert d.adjusted and d.p_value < 1e-6
    wider = d.limits(100)
    z998 = stats.norm.ppf(0.999)
    assert wider.high998 == pytest.approx((1 + z998 * math.sqrt(1 / 400 + 151 / 3600)) ** 2)
    assert wider.high998 > funnel.poisson_limits(100).high998


def test_no_overdispersion_keeps_the_poisson_limits():
    expected = np.linspace(20, 200, 12)
    d = funnel.overdispersion(expected.copy(), expected)  # observed exactly as expected
    assert d.phi == pytest.approx(0) and d.tau2 == 0 and not d.adjusted
    assert d.limits(50) == funnel.poisson_limits(50)


def test_winsorising_stops_one_outlier_from_widening_everything():
    expected = np.full(20, 100.0)
    observed = np.full(20, 100.0)
    observed[[0, 1]] = [400.0, 25.0]  # z = +20 and −10; the rest 0
    z = funnel.z_scores(observed, expected)
    assert funnel.winsorised(z).max() < z.max()
    assert funnel.overdispersion(observed, expected).phi < np.mean(z**2)


def test_too_few_regions_are_not_tested():
    d = funnel.overdispersion(np.array([5.0, 9.0]), np.array([6.0, 7.0]))
    assert d.phi is None and not d.adjusted


def test_classification_needs_the_whole_interval_outside():
    lim = funnel.poisson_limits(30)
    assert funnel.classify(0, 0, lim) == "duidelijk_minder"
    assert funnel.classify(10 / 30, 14 / 30, lim) in ("minder", "duidelijk_minder")
    assert funnel.classify(0, 1.2, lim) == "binnen"
    assert funnel.classify(2.5, 2.6, lim) == "duidelijk_meer"


# --- the population -----------------------------------------------------------------------------


def test_the_cbs_population_of_each_year_sums_to_the_national_row():
    # CBS national rows (SOURCES.md): 2024: 2.714.040 aged 0–14 and 2.202.159 aged 15–24.
    p = reference.youth_population(2024, 2025)
    assert p.frame["jeugdigen_0_14"].sum() == 2_714_040
    assert p.frame["jongeren_15_24"].sum() == 2_202_159
    assert len(p.frame) == len(reference.regions())
    # The indeling moves two gemeenten between regions, never a young person out of the country.
    old = reference.youth_population(2024, 2023).frame.set_index("jeugdregio")
    new = p.frame.set_index("jeugdregio")
    assert old.sum().to_dict() == new.sum().to_dict()
    assert (old["jeugdigen_0_14"] != new["jeugdigen_0_14"]).sum() == 4  # JZ08, JZ12, JZ18, JZ24


def test_a_year_without_cbs_figures_uses_the_nearest_and_says_so():
    # The shipped CBS tables have 2019 and 2021–2024 (SOURCES.md): 2019 its own year, 2020 the
    # nearest (2019 and 2021 as near: the later), and the note says which and why.
    own = population.cbs_population(2019, 2025)
    assert "2019 (tabel 84583NED)" in own.source and own.note == ""
    p = population.cbs_population(2020, 2025)
    assert "2021" in p.source and "85039NED" in p.source
    assert "zijn die van 1 januari 2021, niet van 2020" in p.note
    assert "even dichtbij als 2019" in p.note
    assert population.cbs_population(2022, 2025).note == ""
    assert reference.nearest_population_year(2030) == 2024


def test_an_own_population_file_is_checked(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("jeugdregio,jeugdigen\nJZ01,100\n", encoding="utf-8")
    with pytest.raises(population.PopulationError, match="jeugdigen_0_14"):
        population.read_population(path, "eigen telling")
    good = reference.youth_population(2023, 2025).frame
    good.to_csv(path, index=False)
    assert population.read_population(path, "eigen telling").source == "eigen telling"
    good.assign(jeugdigen_0_14=0).to_csv(path, index=False)
    with pytest.raises(population.PopulationError, match="positive"):
        population.read_population(path, "eigen telling")


def test_an_own_population_file_names_every_problem_by_row_and_column(tmp_path):
    # As a Dutch Excel saves it: semicolons, thousands separators, a comment line on top.
    good = reference.youth_population(2023, 2025).frame
    lines = ["# eigen telling 1-1-2023", "jeugdregio;jeugdigen_0_14;jongeren_15_24"]
    lines += [
        f"{r.jeugdregio};{r.jeugdigen_0_14:,};{r.jongeren_15_24}".replace(",", ".")
        for r in good.itertuples()
    ]
    path = tmp_path / "pop.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    read = population.read_population(path, "eigen telling").frame
    assert read.equals(good[["jeugdregio", "jeugdigen_0_14", "jongeren_15_24"]])
    # Line 3 is the first region (JZ01): Excel's row 3. Break rows 3 and 5, put JZ02 (row 4)
    # again on row 6 instead of JZ04, drop the last region.
    lines[2] = "JZ99;100;200"
    lines[4] = lines[4].split(";")[0] + ";;0"
    lines[5] = lines[3]
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(population.PopulationError) as raised:
        population.read_population(path, "eigen telling")
    message = str(raised.value)
    assert "row 3, column jeugdregio: 'JZ99' is not a CBS youth-care region code" in message
    assert "row 5, column jeugdigen_0_14: '' (expected a positive whole number" in message
    assert "row 5, column jongeren_15_24: '0'" in message
    assert "row 6, column jeugdregio: JZ02 is also on row 4" in message
    assert f"no row for region(s) JZ01, JZ04, {good.jeugdregio.iloc[-1]}" in message


# --- the figure -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def period_2020():
    return load_period(ROOT / "params" / "2020.yaml")


def test_stille_vragen_judges_only_from_published_numbers(period_2020):
    from olcc_report.figures import qualitative as figures_qual

    result = figures_qual.stille_vragen(period_2020.release, period_2020.population)
    regions = period_2020.release.table("jeugdregio").cells
    labels = {label: cells[-1].value for label, cells in result.figure.view.rows}
    hidden = set(regions.loc[regions["symbool"] == "x", "jeugdregio_label"])
    assert hidden and all(labels[h] == funnel.CLASS_NAMES["geheim"] for h in hidden)
    # The text names exactly the regions the table flags as fewer than expected, per level.
    text = str(result.candidates)
    for level in ("duidelijk_minder", "minder"):
        named = [lab for lab, v in labels.items() if v == funnel.CLASS_NAMES[level]]
        assert all(lab in text for lab in named), (level, named, text)
    unflagged = [
        lab
        for lab, v in labels.items()
        if v not in (funnel.CLASS_NAMES["duidelijk_minder"], funnel.CLASS_NAMES["minder"])
    ]
    assert not [lab for lab in unflagged if f" {lab}" in text or f"{lab}," in text], text
    if not any(v == funnel.CLASS_NAMES["duidelijk_minder"] for v in labels.values()):
        assert "Geen enkele beoordeelde regio had" in text
    # Every verdict is judged against limits the table prints.
    columns = result.figure.view.columns
    assert "95%-grenzen" in columns and "99,8%-grenzen" in columns
    points = [
        r
        for r in result.figure.chart.to_dict()["datasets"].values()
        if isinstance(r, list) and r and "beoordeling" in r[0]
    ][0]
    assert len(points) == len(labels) - len(hidden)
    assert {p["label"] for p in points} == set(labels) - hidden  # named, not only coloured
    csv = result.figure.view.csv_text()
    assert "Nederland, 0 t/m 14 jaar" in csv and "85039NED" in " ".join(result.figure.view.notes)
    # Expected counts add up to the national count of the bands (indirect standardisation).
    bands = period_2020.release.table("stille-vragen-leeftijd").cells
    expected = [
        float(cells[2].text().replace(".", "").replace(",", "."))
        for _, cells in result.figure.view.rows
    ]
    assert sum(expected) == pytest.approx(bands["aantal"].sum(), abs=0.05 * len(expected))


def test_every_band_is_a_cbs_band():
    assert list(schema.POPULATION_COLUMNS.values()) == list(reference.POPULATION_BANDS)
    assert schema.CBS_AGE_BANDS[0].high == 14 and schema.CBS_AGE_BANDS[1].low == 15


def test_the_2019_cbs_figures_add_up_to_the_national_totals():
    # SOURCES.md: the 2019 gemeenten add up to 2,739,819 aged 0–14 and 2,131,944 aged 15–24.
    for indeling in (2023, 2025):
        frame = reference.youth_population(2019, indeling).frame
        assert len(frame) == 42
        assert int(frame["jeugdigen_0_14"].sum()) == 2_739_819
        assert int(frame["jongeren_15_24"].sum()) == 2_131_944
