"""Every chart fits the screen it is read on: the pass over a chart's Vega-Lite spec, checked on
hand-written specs (the browser test checks the drawn charts of every page at two widths)."""

import json

from olcc_report.figures.fit import FONT_SIZE, fit, wrapped

LONG = "Groep 1: meiden vanaf middelbareschoolleeftijd"


def bars(**extra) -> dict:
    return {
        "datasets": {
            "d1": [
                {"groep": LONG, "aantal": 20},
                {"groep": "Ethisch vraagstuk", "aantal": 15},
            ]
        },
        "data": {"name": "d1"},
        "width": 420,
        "mark": "bar",
        "encoding": {
            "y": {"field": "groep", "type": "nominal"},
            "x": {"field": "aantal", "type": "quantitative"},
        },
        **extra,
    }


def test_a_long_label_wraps_at_spaces_and_a_long_word_stays_whole():
    assert wrapped(LONG) == ["Groep 1: meiden vanaf", "middelbareschoolleeftijd"]
    assert wrapped("Kort") == ["Kort"]
    assert wrapped("Eenheellangwoordzonderspatiesdatnietpast", 10) == [
        "Eenheellangwoordzonderspatiesdatnietpast"
    ]


def test_a_single_chart_takes_its_columns_width_and_its_rows_fit_their_lines():
    (spec,) = fit(bars(), "Staafdiagram: groepen.")
    assert spec["width"] == "container"
    assert spec["description"] == "Staafdiagram: groepen."
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0
    # the long label is drawn as its two lines; the short one as itself
    assert '["Groep 1: meiden vanaf", "middelbareschoolleeftijd"]' in axis["labelExpr"]
    assert "Ethisch" not in axis["labelExpr"]
    assert axis["labelExpr"].endswith("[datum.label] || datum.label")
    # two lines of 14 px and room around them
    assert spec["height"] == {"step": 36}
    for part in ("axis", "legend"):
        assert spec["config"][part]["labelFontSize"] == FONT_SIZE
        assert spec["config"][part]["titleFontSize"] == FONT_SIZE
    assert spec["config"]["text"]["fontSize"] == FONT_SIZE


def test_the_input_spec_is_not_changed():
    original = bars()
    before = json.dumps(original, sort_keys=True)
    fit(original, "x: y.")
    assert json.dumps(original, sort_keys=True) == before


def test_quotes_and_line_breaks_in_a_label_cannot_break_out_of_the_expression():
    spec = bars()
    label = 'Jongere\'s ouders "en" de school\nvan de jongere\\broer\u2028en zus'
    spec["datasets"]["d1"][0]["groep"] = label
    (fitted,) = fit(spec, "x: y.")
    expression = fitted["encoding"]["y"]["axis"]["labelExpr"]
    # the label is one JavaScript string literal, with nothing raw that could end it
    assert json.dumps(label) + ": [" in expression
    assert not any(c in expression for c in "\n\r\u2028\u2029")


def test_a_legend_lists_its_entries_one_under_the_other_with_names_from_the_scale():
    spec = bars()
    spec["encoding"]["color"] = {
        "field": "geslacht",
        "type": "nominal",
        "scale": {"domain": ["Jongen", "Meisje", "Anders of onbekend geslacht"]},
    }
    (fitted,) = fit(spec, "x: y.")
    legend = fitted["encoding"]["color"]["legend"]
    assert legend["columns"] == 1
    # a category with no count still has a legend entry: its name comes from the scale
    assert '["Anders of onbekend", "geslacht"]' in legend["labelExpr"]
    assert fitted["config"]["legend"]["orient"] == "bottom"


def test_a_chart_without_a_legend_gets_none():
    spec = bars()
    spec["encoding"]["color"] = {"field": "groep", "type": "nominal", "legend": None}
    (fitted,) = fit(spec, "x: y.")
    assert fitted["encoding"]["color"]["legend"] is None


def test_column_labels_stand_upright_on_a_narrow_chart():
    spec = bars()
    spec["encoding"]["x"] = {"field": "groep", "type": "nominal", "axis": {"labelAngle": -30}}
    (fitted,) = fit(spec, "x: y.")
    axis = fitted["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == {"expr": "width < 420 ? -90 : -30"}
    # cut short when upright; never 0 ("no limit"), with which vega lays the title over them
    assert axis["labelLimit"] == {"expr": "width < 420 ? 110 : 400"}


def test_a_concatenation_is_drawn_as_its_parts_each_as_wide_as_the_column():
    first, second = bars(), bars()
    shared = {"datasets": first.pop("datasets"), "config": {"view": {"stroke": None}}}
    second.pop("datasets")
    parts = fit({**shared, "vconcat": [first, second], "spacing": 24}, "Kaart: regio's.")
    assert len(parts) == 2
    for part in parts:
        assert part["width"] == "container"
        assert part["datasets"] == shared["datasets"]
        assert part["description"] == "Kaart: regio's."
        assert part["config"]["view"] == {"stroke": None}
        assert "vconcat" not in part and "spacing" not in part


def test_a_layer_is_sized_as_a_whole():
    spec = bars()
    layer = {"datasets": spec.pop("datasets"), "width": 340, "layer": [spec, dict(spec)]}
    (fitted,) = fit(layer, "x: y.")
    assert fitted["width"] == "container"
    assert all("width" not in part for part in fitted["layer"])
    assert fitted["height"] == {"step": 36}
