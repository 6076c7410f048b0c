"""The funnel plot of the stille-vragen chapter: O/E against E (logarithmic), the limit lines at
95% and at the level of "duidelijk", a point for each region whose pooled count is shown and a
vertical bar over the range its verdict stands for when it is hidden."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from olcc_report.analysis import funnel, verdicts
from olcc_report.figures.base import GREY, WIDTH
from olcc_report.figures.release_stille import Pool
from olcc_report.figures.stille_vragen_text import level_text
from olcc_report.records.vocabulary import FLOAT_DECIMALS

COLOURS = {
    "duidelijk_minder": "#882255",
    "minder": "#c1502e",
    "binnen": "#1f5a96",
    "meer": "#117733",
    "duidelijk_meer": "#0b4d1e",
    "te_klein": GREY,
}
SHAPES = {
    "duidelijk_minder": "triangle-down",
    "minder": "triangle-down",
    "binnen": "circle",
    "meer": "triangle-up",
    "duidelijk_meer": "triangle-up",
    "te_klein": "circle",
}


def funnel_chart(frame: pd.DataFrame, pool: Pool) -> alt.LayerChart:
    inner, outer = level_text(verdicts.LEVEL), level_text(pool.judgement.level)
    curve = funnel.funnel_curve(
        frame["verwacht"].to_numpy(dtype=float),
        pool.judgement.dispersion,
        {inner: verdicts.LEVEL, outer: pool.judgement.level},
    )
    curve[["verwacht", "verhouding"]] = curve[["verwacht", "verhouding"]].round(FLOAT_DECIMALS)
    top = float(max(curve["verhouding"].max(), frame["laag"].max()))
    marks = frame.copy()
    marks["beoordeling"] = [verdicts.CLASS_NAMES[s] for s in marks["status"]]
    marks["tot"] = [top if pd.isna(h) else h for h in marks["hoog"]]
    domain = [float(curve["verwacht"].min()), float(curve["verwacht"].max())]
    present = [s for s in COLOURS if s in set(marks["status"])]
    colour = alt.Color(
        "beoordeling:N",
        title=None,
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(
            domain=[verdicts.CLASS_NAMES[s] for s in present],
            range=[COLOURS[s] for s in present],
        ),
    )
    x = alt.X(
        "verwacht:Q",
        title="Verwacht aantal aanmeldingen (logaritmische schaal)",
        scale=alt.Scale(type="log", domain=domain, nice=False),
        axis=alt.Axis(format=",d", tickCount=4),
    )
    lines = (
        alt.Chart(curve)
        .mark_line(strokeWidth=1.2)
        .encode(
            x=x,
            y=alt.Y("verhouding:Q", title="Aanmeldingen gedeeld door verwacht"),
            detail="kant:N",
            strokeDash=alt.StrokeDash(
                "grens:N",
                title="Grens",
                scale=alt.Scale(domain=[inner, outer], range=[[4, 3], [1, 0]]),
            ),
            color=alt.value(GREY),
        )
    )
    target = alt.Chart(pd.DataFrame({"verhouding": [1.0]})).mark_rule(color="#333333")
    tooltip = [
        alt.Tooltip("label:N", title="Jeugdregio"),
        alt.Tooltip("verwacht:Q", title="Verwacht", format=",.1f"),
        alt.Tooltip("beoordeling:N", title="Beoordeling"),
    ]
    data = ["label", "verwacht", "laag", "tot", "beoordeling", "status"]
    shown = marks.loc[marks["samen"].notna(), data]
    hidden = marks.loc[marks["samen"].isna() & (marks["status"] != "te_klein"), data]
    layers = [lines, target.encode(y="verhouding:Q")]
    if not shown.empty:
        layers.append(
            alt.Chart(shown)
            .mark_point(filled=True, size=70)
            .encode(
                x="verwacht:Q",
                y=alt.Y("laag:Q"),
                color=colour,
                shape=alt.Shape(
                    "beoordeling:N",
                    legend=None,
                    scale=alt.Scale(
                        domain=[verdicts.CLASS_NAMES[s] for s in present],
                        range=[SHAPES[s] for s in present],
                    ),
                ),
                tooltip=[*tooltip, alt.Tooltip("laag:Q", title="Verhouding", format=",.2f")],
            )
        )
    if not hidden.empty:  # a secret count: the range its verdict stands for
        layers.append(
            alt.Chart(hidden)
            .mark_rule(strokeWidth=4, opacity=0.6)
            .encode(x="verwacht:Q", y="laag:Q", y2="tot:Q", color=colour, tooltip=tooltip)
        )
    # A region outside the limits is named next to its mark: right of it in the left half of
    # the (logarithmic) axis, left of it in the right half, so no name runs off a phone's chart.
    outside = marks.loc[~marks["status"].isin(["binnen", "te_klein"]), data]
    middle = float(np.sqrt(domain[0] * domain[1]))
    for part, align, dx in (
        (outside[outside["verwacht"] < middle], "left", 7),
        (outside[outside["verwacht"] >= middle], "right", -7),
    ):
        if not part.empty:
            layers.append(
                alt.Chart(part)
                .mark_text(align=align, dx=dx, fontSize=12, color="#333333")
                .encode(x="verwacht:Q", y="laag:Q", text="label:N")
            )
    return alt.layer(*layers).properties(width=WIDTH + 60, height=320)
