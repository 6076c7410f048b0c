"""The reporting periods of one params folder and the one set of rules for how they relate.

Every question "which other period does this book quote?" is answered here: the period before
of the same kind (the year before; the same quarter a year before), a year's quarters, the
years up to this one (the rode draden), and every period whose numbers a book may show. One
rule holds for all of them (:meth:`Periods.same_series`): a period is only related to periods of
the same registration, by the same organisation and on the same kind of data (real cases never
beside demo data). The regional expert teams' registration is not the national team's: their
quarter is not compared with the team's quarter of a year before. Each params file is loaded once while it is unchanged (keyed by its
size and modification time), so a build that asks often reads each file once.
"""

from __future__ import annotations

from pathlib import Path

from olcc_report.intake.params import LoadedParams, ParamsError, load_params
from olcc_report.records.vocabulary import calendar_parts, is_calendar_year

_LOADED: dict[Path, tuple[tuple[int, int], LoadedParams]] = {}


def load(path: str | Path) -> LoadedParams:
    """The params file at ``path``, loaded once while its bytes stay the same."""
    path = Path(path).resolve()
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    kept = _LOADED.get(path)
    if kept is None or kept[0] != stamp:
        _LOADED[path] = kept = (stamp, load_params(path))
    return kept[1]


class Periods:
    """The periods whose params lie in ``folder`` (``params/``)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()

    @classmethod
    def beside(cls, loaded: LoadedParams) -> Periods:
        return cls(loaded.path.parent)

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.yaml"))

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.yaml"

    def get(self, name: str) -> LoadedParams:
        return load(self.path(name))

    def find(self, name: str) -> LoadedParams | None:
        """The period ``name`` if its params are here."""
        return self.get(name) if self.path(name).is_file() else None

    @staticmethod
    def same_series(a: LoadedParams, b: LoadedParams) -> bool:
        """Whether two periods are of one registration: the same organisation's, on the same
        kind of data (demo or real)."""
        return (a.params.is_demo, a.params.organisation) == (
            b.params.is_demo,
            b.params.organisation,
        )

    def _same_kind(self, name: str, loaded: LoadedParams) -> LoadedParams | None:
        other = self.find(name)
        return other if other is not None and self.same_series(other, loaded) else None

    def previous(self, loaded: LoadedParams) -> LoadedParams | None:
        """The period before ``loaded``'s of the same kind (the year before; the same quarter
        a year before), on the same kind of data; none for a period with its own dates."""
        parts = calendar_parts(loaded.params.period)
        if parts is None:
            return None
        year, quarter = parts
        return self._same_kind(
            f"{year - 1}" if quarter is None else f"{year - 1}-Q{quarter}", loaded
        )

    def quarters(self, loaded: LoadedParams) -> list[LoadedParams]:
        """For a calendar year: its quarters that have params here, on the same kind of data."""
        if not is_calendar_year(loaded.params.period):
            return []
        names = (f"{loaded.params.period}-Q{q}" for q in range(1, 5))
        return [q for q in (self._same_kind(n, loaded) for n in names) if q is not None]

    def history(self, loaded: LoadedParams) -> list[LoadedParams]:
        """The calendar years up to and including ``loaded``'s year, on the same kind of data,
        oldest first (figures across years)."""
        year = loaded.params.period_start.year
        names = [n for n in self.names() if is_calendar_year(n) and int(n) <= year]
        return [y for y in (self._same_kind(n, loaded) for n in names) if y is not None]

    def related(self, loaded: LoadedParams) -> list[LoadedParams]:
        """Every other period whose numbers ``loaded``'s book may show: those on the same kind
        of data that start before it ends (a year's quarters, the earlier years, the previous
        period). A broken params file of another period is that period's problem."""
        out = []
        for name in self.names():
            if self.path(name) == loaded.path:
                continue
            try:
                other = self.get(name)
            except ParamsError:
                continue
            if (
                self.same_series(other, loaded)
                and other.params.period_start <= loaded.params.period_end
            ):
                out.append(other)
        return out
