"""Stille vragen: expected counts, limits and overdispersion checked by hand, the CBS population
shipped with the package, and judgements made from published numbers only."""

import math

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from scipy import stats

from olcc_report.analysis import funnel, verdicts
from olcc_report.intake import population
from olcc_report.pipeline.period import load_period
from olcc_report.records import reference, schema

BANDS = {"0_14": "jeugdigen_0_14", "15_plus": "jongeren_15_24"}
NO_DISPERSION = funnel.Dispersion(42, 1.0, 0.0, 0.5)


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
    # The lower limit λ/E: a Poisson(λ) count reaches E with probability 2.5%; the upper: it
    # stays at or below E with probability 2.5%. From the Poisson itself.
    low, high = NO_DISPERSION.ratio_limits(e, 0.95)
    assert stats.poisson.sf(e - 1, low * e) == pytest.approx(0.025)
    assert stats.poisson.cdf(e, high * e) == pytest.approx(0.025)
    assert low < 1 < high


def test_the_counts_where_a_verdict_changes_are_the_poisson_tails():
    # E = 30: P(X ≤ 19) = 0,0219 ≤ 2,5% < P(X ≤ 20) = 0,0353, so 19 is the last "minder";
    # P(X ≥ 42) = 0,0240 ≤ 2,5% < P(X ≥ 41) = 0,0353, so 42 is the first "meer".
    assert stats.poisson.cdf(19, 30) <= 0.025 < stats.poisson.cdf(20, 30)
    assert stats.poisson.sf(41, 30) <= 0.025 < stats.poisson.sf(40, 30)
    assert verdicts.lower_threshold(30, NO_DISPERSION, 0.95) == 19
    assert verdicts.upper_threshold(30, NO_DISPERSION, 0.95) == 42
    bands = verdicts.region_bands(30, NO_DISPERSION, 0.05 / 42, 4)
    assert bands.band("binnen") == verdicts.Band("binnen", 20, 41)
    assert bands.verdict(19) in verdicts.LOWER and bands.verdict(20) == "binnen"
    assert bands.verdict(42) in ("meer", "duidelijk_meer")


def test_benjamini_hochberg_by_hand():
    # m = 5, q = 5%: k·q/m = 1%, 2%, 3%, 4%, 5%. Sorted p: 0,5%, 1,5%, 3,5%, 20%, 90%: p(1) and
    # p(2) are under their line, p(3) = 3,5% > 3%, so k = 2 and the level is 2%.
    assert verdicts.fdr_level(np.array([0.2, 0.015, 0.9, 0.005, 0.035])) == pytest.approx(0.02)
    # None under its line: the level is q/m, the least the procedure uses.
    assert verdicts.fdr_level(np.array([0.5] * 5)) == pytest.approx(0.01)


@pytest.mark.parametrize("width", [4, 10])
def test_no_verdict_pins_a_count_narrower_than_the_promise(width):
    # Every range a verdict stands for spans more than ``width`` counts, at every E, and which
    # verdicts a region can get depends on E alone.
    for e in np.arange(0.5, 120, 0.5):
        bands = verdicts.region_bands(float(e), NO_DISPERSION, 0.05 / 42, width)
        for band in bands.bands:
            assert band.high is None or band.high - band.low >= width, (e, band)
        if bands.bands:  # contiguous from 0
            assert bands.bands[0].low == 0
            assert all(
                a.high + 1 == b.low for a, b in zip(bands.bands, bands.bands[1:], strict=False)
            )


def test_a_small_region_is_not_judged_rather_than_called_within():
    # E = 8,9: P(X ≤ 3) = 2,2%, so 0 to 3 would be "minder": four values, narrower than the
    # promise of five. Calling 0 cases "binnen de grenzen" would be false, so no verdict.
    assert stats.poisson.cdf(3, 8.9) <= 0.025 < stats.poisson.cdf(4, 8.9)
    assert verdicts.region_bands(8.9, NO_DISPERSION, 0.001, 4).bands == ()
    # E = 3,5: even 0 cases (P = 3,0%) is within the limits, so every count can be judged.
    assert stats.poisson.pmf(0, 3.5) > 0.025
    assert verdicts.region_bands(3.5, NO_DISPERSION, 0.001, 4).verdict(0) == "binnen"


def test_power_is_the_poisson_chance_of_landing_in_a_lower_range():
    # E = 30: "minder" up to 19; half the rate is Poisson(15): P(X ≤ 19) = 0,875.
    assert verdicts.power(30, NO_DISPERSION, 0.05 / 42, 4, False) == pytest.approx(
        stats.poisson.cdf(19, 15)
    )
    least = verdicts.power_threshold(NO_DISPERSION, 0.05 / 42, 4)
    assert least is not None and least <= 30
    assert verdicts.power(least, NO_DISPERSION, 0.05 / 42, 4, False) >= 0.8


def test_overdispersion_phi_and_tau_by_hand():
    # Ten regions with E = 100, observed 64 and 144 in turn: z = 2(√O − √E) = ∓4, nothing to
    # winsorise, φ = 16. Weights 4E = 400: τ² = (10·16 − 9) / (4.000 − 400) = 151 / 3.600.
    expected = np.full(10, 100.0)
    observed = np.array([64.0, 144.0] * 5)
    d = funnel.overdispersion(observed, expected)
    assert d.phi == pytest.approx(16)
    assert d.tau2 == pytest.approx(151 / 3600)
    assert d.adjusted and d.p_value < 1e-6
    z = stats.norm.ppf(0.975)
    wider = d.ratio_limits(100, 0.95)[1]
    assert wider == pytest.approx((1 + z * math.sqrt(1 / 400 + 151 / 3600)) ** 2)
    assert wider > NO_DISPERSION.ratio_limits(100, 0.95)[1]


def test_no_overdispersion_keeps_the_poisson_limits():
    expected = np.linspace(20, 200, 12)
    d = funnel.overdispersion(expected.copy(), expected)  # observed exactly as expected
    assert d.phi == pytest.approx(0) and d.tau2 == 0 and not d.adjusted
    assert d.ratio_limits(50, 0.95) == NO_DISPERSION.ratio_limits(50, 0.95)


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


PLANTED = ("JZ13", "JZ24", "JZ29")  # Amsterdam-Amstelland, Haaglanden, Rijnmond


def test_the_2020_demo_chapter_finds_the_planted_big_cities(period_2020):
    from olcc_report.figures import qualitative as figures_qual

    result = figures_qual.stille_vragen(period_2020.release, period_2020.population)
    view, pool = result.figure.view, period_2020.release.pool
    assert pool.periods == ("2019", "2020")
    assert view.columns[1:3] == ("Aanmeldingen 2020", "Aanmeldingen 2019 en 2020")
    rows = {label: [c.text() for c in cells] for label, cells in view.rows}
    names = {r.code: r.name for r in reference.regions()}
    verdict = {names[code]: rows[names[code]][-1] for code in PLANTED}
    lower = {verdicts.CLASS_NAMES[c] for c in verdicts.LOWER}
    assert set(verdict.values()) <= lower, verdict
    # Whether a region is judged depends on its expected count only, never on a hidden count:
    # every region left unjudged is one whose verdicts could not be told apart from E alone.
    width = 4
    for r, e, v in zip(pool.regions, pool.expected, pool.judgement.verdicts, strict=True):
        unjudgeable = not verdicts.region_bands(
            e, pool.judgement.dispersion, pool.judgement.alpha, width
        ).bands
        assert (v == "te_klein") == unjudgeable, (r, e, v)
    hidden_judged = [
        cells
        for cells in rows.values()
        if cells[1] == "x" and cells[-1] in lower | {"Binnen de grenzen"}
    ]
    assert hidden_judged and all(" – " in c[3] or c[3].startswith("≥") for c in hidden_judged)
    # The text names exactly the regions the table flags, at each level.
    text = str(result.candidates)
    for code in verdicts.LOWER:
        named = [lab for lab, c in rows.items() if c[-1] == verdicts.CLASS_NAMES[code]]
        assert all(lab in text for lab in named), (code, named, text)
    flagged = [lab for lab, c in rows.items() if c[-1] in lower]
    assert not [lab for lab in rows if lab not in flagged and lab in text], text
    # The chart: a point per shown pooled count, a bar per hidden one with a verdict.
    data = [
        d for d in result.figure.chart.to_dict()["datasets"].values() if d and "beoordeling" in d[0]
    ]
    plotted = {d["label"] for part in data for d in part}
    assert {lab for lab, c in rows.items() if c[-1] != "Te klein om te beoordelen"} <= plotted
    # What the method is and can find, in words.
    method = str(result.method)
    assert "2019 en 2020 samen" in method and "Benjamini–Hochberg" in method
    assert "Wat de methode kan vinden" in method and "vanaf" in method
    notes = " ".join(view.notes)
    assert "1 januari 2019" in notes and "1 januari 2021, niet van 2020" in notes


def test_over_200_synthetic_years_half_the_rate_is_found_and_false_flags_are_rare(period_2020):
    """The simulation of the issue: the 2020 demo's population and pooled number of cases, three
    regions registering half of what they would be expected to, 200 years."""
    frame = period_2020.population.frame
    people = frame[list(schema.POPULATION_COLUMNS.values())].sum(axis=1).to_numpy(float)
    planted = np.isin(frame["jeugdregio"].to_numpy(), PLANTED)
    cases = 544  # 2019 and 2020 pooled
    rate = np.where(planted, 0.5 * cases * people / people.sum(), 0.0)
    rate[~planted] = (cases - rate.sum()) * people[~planted] / people[~planted].sum()
    rng = np.random.default_rng(20201231)
    flagged = np.zeros(len(people))
    expected_planted = []
    for _ in range(200):
        observed = rng.poisson(rate)
        expected = people / people.sum() * observed.sum()
        judged = verdicts.judge(observed, expected, 4)
        flagged += [v in verdicts.LOWER for v in judged.verdicts]
        expected_planted.append(expected[planted])
    found = flagged[planted] / 200
    false = flagged[~planted] / 200
    print(
        f"expected {np.mean(expected_planted, 0).round(1)}, found {found}, false max {false.max()}, mean {false.mean():.4f}"
    )
    assert (np.mean(expected_planted, 0) >= 30).all()
    assert (found >= 0.8).all(), found
    assert (false <= 0.05).all(), false


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
