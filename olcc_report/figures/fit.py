"""How every chart fits the screen it is read on: one pass over the Vega-Lite spec of a chart,
applied where the chart becomes HTML, so no figure can forget it.

- The chart is as wide as its column (``width: "container"``, autosize ``fit-x``): vega-embed
  redraws it when the column changes width, from a 1366 px laptop to a 390 px phone. A
  concatenated chart cannot take its container's width; its parts keep their own (small) widths.
- Long category labels wrap instead of being cut: each label longer than :data:`WRAP` characters
  is broken at spaces into lines (a word longer than a line stays whole), and a row of a chart
  with wrapped labels is tall enough for its lines. Labels along a horizontal axis stay on one
  line; on a narrow chart they stand upright and a long one is cut short with "…".
- All text is at least :data:`FONT_SIZE` px, and legends go below the chart, where they do not
  take width from it, with their entries one under the other. Numbers along an axis that would
  be drawn over each other are left out (every other one, as vega does).
- The chart's ``description`` (what vega gives the drawn chart as its accessible name) is the
  figure's Dutch text alternative.
"""

from __future__ import annotations

import copy
import json
import textwrap

WRAP = 26
FONT_SIZE = 12
LINE_HEIGHT = 14
ROW_PADDING = 8
MIN_STEP = 20
# Below this chart width a horizontal axis's labels stand upright (-90°) instead of leaning,
# and a long one is cut to SHORT_LABEL px with "…" (its full text is in the text alternative
# and the table). A limit, never 0 ("none"): with 0 vega lays the axis title over the labels.
NARROW = 420
AXIS_STEP = 80
SHORT_LABEL = 110
LONG_LABEL = 400
# A legend starts where the plot does, right of the labels along the side: shorter lines.
LEGEND_WRAP = 20

_CONCAT = ("hconcat", "vconcat", "concat")


def wrapped(label: str, width: int = WRAP) -> list[str]:
    """A label as the lines it is drawn in (one line when it fits)."""
    return textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [label]


def _views(spec: dict):
    """Every view of a spec that has its own encoding (layers and concatenated parts too)."""
    yield spec
    for key in ("layer", *_CONCAT):
        for part in spec.get(key, []):
            yield from _views(part)


def _labels(spec: dict, channel: dict) -> list[str]:
    """The texts a channel can show: the values of its field in the chart's inline data sets,
    and those its scale's domain or sort order names (a category with no shown count yet with
    a legend entry)."""
    seen: dict[str, None] = {}
    field = channel["field"]
    for rows in spec.get("datasets", {}).values():
        for row in rows if isinstance(rows, list) else []:
            value = row.get(field) if isinstance(row, dict) else None
            if isinstance(value, str):
                seen[value] = None
    for named in (channel.get("scale", {}).get("domain"), channel.get("sort")):
        for value in named if isinstance(named, list) else []:
            if isinstance(value, str):
                seen[value] = None
    return list(seen)


def _label_expression(labels: list[str], width: int = WRAP) -> str | None:
    """A Vega expression that draws each long label as its wrapped lines (None: none is long)."""
    long = {label: wrapped(label, width) for label in labels if len(wrapped(label, width)) > 1}
    if not long:
        return None

    def literal(text: str) -> str:
        # A JSON string is a JavaScript string literal: quotes, backslashes, line breaks and
        # every other character escaped (a raw line break would end the chart's expression).
        return json.dumps(text, ensure_ascii=True)

    table = ", ".join(
        f"{literal(label)}: [{', '.join(literal(line) for line in lines)}]"
        for label, lines in long.items()
    )
    return f"{{{table}}}[datum.label] || datum.label"


def _discrete(channel: dict) -> bool:
    return channel.get("type") in ("nominal", "ordinal") and "field" in channel


def _wrap_rows(spec: dict, y: object) -> int:
    """Wrap the long labels of a category axis along the side; the most lines a label takes."""
    if not (isinstance(y, dict) and _discrete(y) and y.get("axis", {}) is not None):
        return 1
    labels = _labels(spec, y)
    expression = _label_expression(labels)
    if not expression:
        return 1
    y["axis"] = {**y.get("axis", {}), "labelExpr": expression, "labelLimit": 0}
    return max(len(wrapped(label)) for label in labels)


def _stand_up_columns(spec: dict, x: object) -> None:
    """Labels of a category axis along the bottom: whole on a wide chart; upright and, when
    long, cut short on a narrow one."""
    if not (isinstance(x, dict) and _discrete(x) and x.get("axis", {}) is not None):
        return
    if all(len(label) <= 4 for label in _labels(spec, x)):
        return
    axis = x.get("axis", {})
    leaning = axis.get("labelAngle", 0)
    x["axis"] = {
        **axis,
        "labelLimit": {"expr": f"width < {NARROW} ? {SHORT_LABEL} : {LONG_LABEL}"},
        "labelAngle": {"expr": f"width < {NARROW} ? -90 : {leaning}"},
    }


def _list_legend(spec: dict, channel: object) -> None:
    """A legend of categories: its entries one under the other, long labels wrapped. Vega
    places a legend below the chart from the left edge of the plot, not of the chart, so side
    by side the entries would run off a phone's screen."""
    if not (isinstance(channel, dict) and _discrete(channel)):
        return
    if channel.get("legend", {}) is None:
        return
    legend = {**channel.get("legend", {}), "columns": 1}
    expression = _label_expression(_labels(spec, channel), LEGEND_WRAP)
    if expression:
        legend.update(labelExpr=expression, labelLimit=0)
    channel["legend"] = legend


def fit(spec: dict, description: str) -> list[dict]:
    """The spec as the charts drawn, one under the other, each fitting its container (see the
    module docstring); ``spec`` is not changed. A concatenated chart is drawn as its parts: a
    concatenation cannot take its container's width."""
    spec = copy.deepcopy(spec)
    key = next((k for k in _CONCAT if k in spec), None)
    if key is None:
        return [_fit_view(spec, description)]
    shared = {k: v for k, v in spec.items() if k not in (key, "spacing", "center", "bounds")}
    return [_fit_view({**copy.deepcopy(shared), **part}, description) for part in spec[key]]


def _fit_view(spec: dict, description: str) -> dict:
    """One single or layered view fitted to its container."""
    spec["description"] = description
    spec["width"] = "container"
    lines = 1
    for view in _views(spec):
        encoding = view.get("encoding", {})
        lines = max(lines, _wrap_rows(spec, encoding.get("y")))
        _stand_up_columns(spec, encoding.get("x"))
        for name in ("color", "strokeDash", "shape"):
            _list_legend(spec, encoding.get(name))
        if view is not spec:
            view.pop("width", None)  # the whole view is as wide as its container
    if lines > 1 and not isinstance(spec.get("height"), int | float):
        spec["height"] = {"step": max(MIN_STEP, lines * LINE_HEIGHT + ROW_PADDING)}
    config = spec.setdefault("config", {})
    for part in ("axis", "legend"):
        config[part] = {
            **config.get(part, {}),
            "labelFontSize": FONT_SIZE,
            "titleFontSize": FONT_SIZE,
        }
    config["legend"].setdefault("orient", "bottom")
    # numbers along an axis: on a narrow chart some are left out rather than drawn over others
    config["axisQuantitative"] = {
        **config.get("axisQuantitative", {}),
        "labelOverlap": "greedy",
        "labelSeparation": 4,
    }
    # along the bottom: about one number per AXIS_STEP px, so a phone shows 0%, 50%, 100%
    config["axisXQuantitative"] = {
        **config.get("axisXQuantitative", {}),
        "tickCount": {"expr": f"ceil(width / {AXIS_STEP})"},
    }
    config["text"] = {**config.get("text", {}), "fontSize": FONT_SIZE}
    config["title"] = {**config.get("title", {}), "fontSize": FONT_SIZE + 1}
    return spec
