"""The words of the stille-vragen chapter: the sentence naming the regions with fewer
registrations than expected (exactly as the table's Beoordeling column has them), the method and
power paragraph, and the table's notes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from olcc_report.analysis import funnel, verdicts
from olcc_report.figures.release_stille import Pool
from olcc_report.records import schema
from olcc_report.records.formatting import format_count, format_decimal, format_fixed


def join_nl(items) -> str:
    """'2019', '2019 en 2020', '2019, 2020 en 2021'."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def level_text(level: float) -> str:
    """A two-sided level as Dutch text with as many decimals as it needs (95%, 99,88%)."""
    percent = round(level * 100, 2)
    return (
        format_decimal(percent) if percent == round(percent, 1) else format_fixed(percent, 2)
    ) + "%"


def _clearly_meaning(pool: Pool) -> str:
    return (
        f"ook na correctie voor het toetsen van {format_count(len(pool.regions))} regio's "
        f"(grens {level_text(pool.judgement.level)})"
    )


def fewer_words(frame: pd.DataFrame, pool: Pool) -> str:
    """The regions with fewer registrations than expected, at each level, as the table's
    Beoordeling column has them (the text never says more or less than the table)."""
    clearly = frame.loc[frame["status"] == "duidelijk_minder", "label"].tolist()
    fewer = frame.loc[frame["status"] == "minder", "label"].tolist()
    inner = f"onder de {level_text(verdicts.LEVEL)}-grens"
    over = join_nl(pool.periods)
    if not clearly and not fewer:
        return (
            f"Geen enkele beoordeelde regio had over {over} minder aanmeldingen dan verwacht "
            f"({inner})."
        )
    parts = []
    if clearly:
        parts.append(
            f"Duidelijk minder aanmeldingen dan verwacht over {over}, {_clearly_meaning(pool)}: "
            f"{join_nl(clearly)}."
        )
    else:
        parts.append(
            f"Geen enkele beoordeelde regio had over {over} duidelijk minder aanmeldingen dan "
            f"verwacht, {_clearly_meaning(pool)}."
        )
    if fewer:
        parts.append(f"Minder dan verwacht ({inner}, niet duidelijk): {join_nl(fewer)}.")
    return " ".join(parts)


def dispersion_text(d: funnel.Dispersion) -> str:
    if d.phi is None:
        return (
            "Er zijn te weinig regio's om te toetsen of ze meer verschillen dan toeval verklaart "
            f"(overspreiding; daarvoor zijn er ten minste "
            f"{format_count(funnel.MIN_REGIONS_FOR_DISPERSION)} nodig); de regio's zijn tegen de "
            "Poisson-grenzen beoordeeld."
        )
    phi = format_fixed(d.phi, 2)
    p = (
        "< 0,001"
        if d.p_value < 0.001
        else "> 0,999"
        if d.p_value > 0.999
        else f"= {format_fixed(d.p_value, 3)}"
    )
    if d.adjusted:
        return (
            f"De regio's verschillen meer dan toeval verklaart (overspreiding φ = {phi}, "
            f"p {p}, over {format_count(d.regions)} regio's). De grenzen zijn daarom verbreed "
            f"met de spreiding tussen regio's (τ = {format_fixed(np.sqrt(d.tau2), 3)})."
        )
    return (
        f"De verschillen tussen regio's passen bij toeval (overspreiding φ = {phi}, p {p}, "
        f"over {format_count(d.regions)} regio's); de grenzen zijn die van de Poisson-verdeling."
    )


def _power_text(pool: Pool, width: int) -> str:
    j, regions = pool.judgement, len(pool.regions)
    chance = f"{round(verdicts.POWER_TARGET * 100)}%"
    half = "de helft" if verdicts.SHORTFALL == 0.5 else f"{format_decimal(verdicts.SHORTFALL)} keer"
    parts = []
    for clearly, what in ((False, "minder dan verwacht"), (True, "duidelijk minder dan verwacht")):
        least = verdicts.power_threshold(j.dispersion, j.alpha, width, clearly)
        if least is None:
            parts.append(f"als „{what}” bij geen enkel verwacht aantal")
            continue
        reach = sum(1 for e in pool.expected if e >= least)
        who = (
            "geen enkele regio verwacht er zoveel"
            if reach == 0
            else f"{format_count(reach)} van de {format_count(regions)} regio's "
            + ("verwacht" if reach == 1 else "verwachten")
            + " er zoveel"
        )
        parts.append(f"als „{what}” vanaf {format_decimal(least)} verwachte aanmeldingen ({who})")
    return (
        f"Wat de methode kan vinden: een regio met {half} van de verwachte aanmeldingen wordt "
        f"met een kans van ten minste {chance} gevonden (berekend met de Poisson-verdeling): "
        f"{'; '.join(parts)}. Een kleiner "
        "tekort of een kleinere regio wordt minder vaak gevonden; dat een regio niet als minder "
        "dan verwacht geldt, bewijst dus niet dat er daar geen stille vragen zijn."
    )


def method_text(pool: Pool, width: int) -> str:
    """The pool, the overdispersion, the limits used and the power, in plain Dutch."""
    if len(pool.periods) > 1:
        pooled = (
            f"Elke regio is beoordeeld op de aanmeldingen van {join_nl(pool.periods)} samen: "
            "één periode heeft per regio te weinig casussen om een tekort te kunnen zien."
        )
    else:
        pooled = (
            f"Er zijn geen eerdere perioden van deze soort om mee samen te nemen; het oordeel "
            f"rust op {pool.periods[0]} alleen en kan daardoor weinig zien."
        )
    left = (
        f" {join_nl(pool.left_out)} telt niet mee: het landelijke aantal per leeftijdsband is "
        "daar geheim."
        if pool.left_out
        else ""
    )
    limits = (
        f"„Minder” of „meer dan verwacht” betekent buiten de tweezijdige "
        f"{level_text(verdicts.LEVEL)}-grenzen van het eigen verwachte aantal; „duidelijk” "
        f"betekent dat ook na correctie voor het toetsen van {format_count(len(pool.regions))} "
        f"regio's tegelijk (Benjamini–Hochberg, valse-ontdekkingsgraad "
        f"{level_text(verdicts.FALSE_DISCOVERY_RATE)}; de grens ligt dan op "
        f"{level_text(pool.judgement.level)})."
    )
    return " ".join(
        (
            pooled + left,
            dispersion_text(pool.judgement.dispersion),
            limits,
            _power_text(pool, width),
        )
    )


def notes(frame: pd.DataFrame, pool: Pool, width: int, region_notes) -> tuple[str, ...]:
    oldest = schema.CBS_AGE_BANDS[-1]
    earlier = [
        f"{period}: "
        + join_nl(f"{format_count(bands[b.code])} ({b.label})" for b in schema.CBS_AGE_BANDS)
        for period, bands in zip(pool.periods[:-1], pool.band_counts[:-1], strict=True)
    ]
    statuses = set(frame["status"])
    out = [
        "Verwacht: wat een regio zou hebben als elke leeftijdsband er even vaak werd aangemeld "
        "als landelijk (indirecte standaardisatie), per periode met de landelijke aantallen en "
        "de jeugdigen van die periode, opgeteld. De onderste rijen geven de landelijke aantallen "
        f"per band van {pool.periods[-1]}"
        + (f"; die van de eerdere perioden: {'; '.join(earlier)}." if earlier else "."),
        f"Leeftijdsbanden: die van het CBS (0 t/m 14 en 15 t/m 24 jaar). Casussen van 25 jaar en "
        f"ouder tellen mee in de band {oldest.label.lower()}.",
        "Verhouding: aanmeldingen gedeeld door verwacht (1,00 = zoals verwacht). Bij een geheim "
        "aantal staat het bereik dat het oordeel aangeeft.",
        f"Binnen de grenzen: de aantallen waarbij de regio binnen de tweezijdige "
        f"{level_text(verdicts.LEVEL)}-grenzen van haar verwachte aantal blijft; daaronder is ze "
        "„minder”, daarboven „meer dan verwacht”. Duidelijk afwijkend: de aantallen waarbij dat "
        f"ook na correctie voor {format_count(len(pool.regions))} regio's zo is; ligt die grens zo "
        f"dicht bij de {level_text(verdicts.LEVEL)}-grens dat het bereik ertussen een geheim aantal te nauw zou vastleggen, "
        "dan ligt ze iets verder weg (de tabel geeft de aantallen, de lijn in de figuur de "
        "grens zelf).",
        dispersion_text(pool.judgement.dispersion),
    ]
    if "te_klein" in statuses:
        out.append(
            "Niet te beoordelen: bij zo weinig verwachte aanmeldingen zou een oordeel een geheim "
            "aantal nauwer vastleggen dan de beveiliging belooft (op minder dan "
            f"{format_count(width + 1)} mogelijke waarden). Dat hangt alleen af van het verwachte "
            "aantal, niet van het werkelijke."
        )
    sources = dict.fromkeys(p.source for p in pool.populations)
    out += [f"Jeugdigen per regio: {s}." for s in sources]
    out += [p.note for p in pool.populations if p.note]
    return (*dict.fromkeys(out), *region_notes)
