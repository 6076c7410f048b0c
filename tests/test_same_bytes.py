"""Same bytes on any CPU: the last bits of a float from scipy or numpy differ between machines
(16 of 536 floats of the funnel did), so every float that reaches an output is rounded where it
is made. Here every float the analysis returns is moved a few ULP, and what a notebook shows
(the figure's HTML with its chart data) and every CSV stay the same."""

from __future__ import annotations

import dataclasses
import functools
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from olcc_report.analysis import cells, counts, funnel, qa, survival, themes
from olcc_report.figures import stille_vragen
from olcc_report.figures.chapters import book_figures
from olcc_report.figures.release import release
from olcc_report.pipeline.period import load_period

ROOT = Path(__file__).resolve().parent.parent
ULPS = 3


def _nudge_floats(values: np.ndarray) -> np.ndarray:
    out = np.asarray(values, dtype=float).copy()
    for _ in range(ULPS):
        out = np.nextafter(out, np.inf)
    return out


def _nudge_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = _nudge_floats(out[column].to_numpy())
    return out


def _nudge(value):
    """``value`` with every float in it ``ULPS`` units in the last place larger."""
    if isinstance(value, float | np.floating):
        return float(_nudge_floats(np.array([value]))[0])
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return _nudge_floats(value)
    if isinstance(value, pd.Series) and value.dtype.kind == "f":
        return pd.Series(_nudge_floats(value.to_numpy()), index=value.index, name=value.name)
    if isinstance(value, pd.DataFrame):
        return _nudge_frame(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return dataclasses.replace(
            value, **{f.name: _nudge(getattr(value, f.name)) for f in fields}
        )
    if isinstance(value, tuple | list):
        return type(value)(_nudge(v) for v in value)
    if isinstance(value, dict):
        return {k: _nudge(v) for k, v in value.items()}
    return value


def _nudged(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return _nudge(function(*args, **kwargs))

    return wrapper


def _outputs(period) -> dict[str, str]:
    """What the notebooks show, glue and publish: each figure's HTML (chart data included) and
    CSV, and the glued sentences of stille vragen."""
    rel = release(period.cases, period.start, period.end, period.rules, period.qualitative, [])
    funnel_result = stille_vragen.stille_vragen(rel, period.population)
    figures = [*book_figures(rel, period.population), funnel_result.figure]
    return {
        **{
            f.key: f.html() + "\n" + ("" if f.not_registered else f.view.csv_text())
            for f in figures
        },
        "stille-vragen-regios": str(funnel_result.candidates),
        "stille-vragen-methode": str(funnel_result.method),
    }


def _nudge_the_analysis(monkeypatch) -> int:
    """Every function of every analysis module returns its floats nudged (whole numbers and
    text stay as they are), wherever it was imported; how many names were replaced."""
    replaced = 0
    for module in (cells, counts, funnel, qa, survival, themes):
        for attribute, function in vars(module).items():
            if not callable(function) or isinstance(function, type):
                continue
            if getattr(function, "__module__", None) != module.__name__:
                continue
            wrapper = _nudged(function)
            for name, loaded in list(sys.modules.items()):
                if name.startswith("olcc_report") and getattr(loaded, attribute, None) is function:
                    monkeypatch.setattr(loaded, attribute, wrapper)
                    replaced += 1
    return replaced


@pytest.mark.parametrize("name", ["2020", "2021-Q1"])
def test_floats_moved_a_few_ulp_give_the_same_outputs(name, monkeypatch):
    period = load_period(ROOT / "params" / f"{name}.yaml")
    before = _outputs(period)
    assert _nudge_the_analysis(monkeypatch) > 10
    after = _outputs(period)
    assert after.keys() == before.keys()
    changed = [key for key in before if after[key] != before[key]]
    assert changed == []
