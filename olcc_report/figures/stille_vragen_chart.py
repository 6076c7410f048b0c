"""The funnel plot of the stille-vragen chapter: O/E against E (logarithmic), the limit lines at
95% and at the level of "duidelijk", a point for each region whose pooled count is shown and a
vertical bar over the range its verdict stands for when it is hidden."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from olcc_report.analysis import funnel, verdicts
from olcc_report.figures.base import GREY, WIDTH
from olcc_report.figures.fit import NARROW
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
            .mark_rule(strokeWidth=3, opacity=0.45)
            .encode(x="verwacht:Q", y="laag:Q", y2="tot:Q", color=colour, tooltip=tooltip)
        )
    # A region outside the limits is named next to its mark: right of it in the left half of
    # the (logarithmic) axis, left of it in the right half, so no name runs off a phone's chart;
    # names that would overlap move down a line.
    outside = marks.loc[~marks["status"].isin(["binnen", "te_klein"]), data]
    for row, align, dx, dy in _name_places(outside, domain, top):
        layers.append(  # on a phone's narrow chart the names would collide: the table names them
            alt.Chart(pd.DataFrame([row]))
            .transform_filter(f"width >= {NARROW}")
            .mark_text(align=align, dx=dx, dy=dy, fontSize=12, color="#333333")
            .encode(x="verwacht:Q", y="laag:Q", text="label:N")
        )
    return alt.layer(*layers).properties(width=WIDTH + 60, height=320)


def _name_places(outside: pd.DataFrame, domain: list[float], top: float):
    """Where each name goes: (row, align, dx, dy), in pixels of the chart's plot area."""
    width, height, line = WIDTH + 60, 320, 16  # a line: 12 px text and its leading
    span = np.log(domain[1] / domain[0])
    placed: list[tuple[float, float, float]] = []  # left, right, y of each name so far
    out = []
    for row in outside.sort_values(["laag", "verwacht"]).to_dict("records"):
        x = width * np.log(row["verwacht"] / domain[0]) / span
        y = height * (1 - row["laag"] / top)
        length = 6.5 * len(row["label"])
        right = x < width / 2
        left_edge, right_edge = (x + 7, x + 7 + length) if right else (x - 7 - length, x - 7)
        # the nearest free line, down or up, inside the plot (below it are the axis labels)
        steps = (k * sign for k in range(len(outside) + 1) for sign in (1, -1))
        dy = next(
            (
                step * line
                for step in steps
                if line <= y + step * line <= height - line
                and not any(
                    left_edge < hi and lo < right_edge and abs(y + step * line - ly) < line
                    for lo, hi, ly in placed
                )
            ),
            0.0,
        )
        placed.append((left_edge, right_edge, y + dy))
        out.append((row, "left" if right else "right", 7 if right else -7, dy))
    return out
