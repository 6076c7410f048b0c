"""The stille-vragen pools of a book (:class:`~olcc_report.disclosure.book.Book` has these
methods): a region's count over this period and earlier ones, what each verdict says of it, and
the pools earlier books published for the same region with what their verdicts said."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from olcc_report.analysis.cells import CellName
from olcc_report.disclosure.tables import Total

Published = tuple[int, bool, int | None]  # true value, hidden, published lower bound


class Pools:
    def pooled(self, key: str, own: CellName, earlier: Mapping[str, Published]) -> None:
        """A count over this period and earlier ones: this period's ``own`` count plus the same
        count as the books of the ``earlier`` periods published it. The pool is a count of
        this book, protected like any other."""

        def relation() -> None:
            parts = {
                period: self.model.add_published(v, hidden=h, at_least=b)
                for period, (v, h, b) in earlier.items()
            }
            cells = [self.cell(own), *parts.values()]
            whole = self.model.add(sum(self.model.values[p] for p in cells))
            self.model.total(whole, cells)
            self._pools[key] = whole
            self._pool_parts[key] = parts

        self.relate(relation)

    def between(self, key: str, low: int, high: int | None) -> None:
        """What a published verdict says of pool ``key``: low ≤ count ≤ high (None: no upper
        end)."""
        self.relate(lambda: self._bound(self._pools[key], low, high))

    def earlier_pool(
        self,
        key: str,
        published: Published,
        periods: Sequence[str],
        band: tuple[int, int | None] | None,
    ) -> None:
        """The pool of ``key`` an earlier book published, over ``periods``, and the range its
        verdict stood for (None: no verdict): it is the sum of this pool's counts of those
        periods and of the counts of its periods this pool leaves out."""

        def relation() -> None:
            mine = self._pool_parts[key]
            if len(periods) == 1 and periods[0] in mine:  # that book's pool is its own count
                if band is not None:
                    self._bound(mine[periods[0]], *band)
                return
            value, hidden, bound = published
            fixed = self.model.add_published(value, hidden=hidden, at_least=bound)
            parts = [mine[p] for p in periods if p in mine]
            if len(parts) < len(periods):  # the counts of its periods this pool leaves out
                parts.append(
                    self.model.add(value - sum(self.model.values[p] for p in parts), False)
                )
            self.model.total(fixed, parts)
            if band is not None:
                self._bound(fixed, *band)

        self.relate(relation)

    def earlier_sum(self, period: str, whole: Published, keys: Sequence[str]) -> Published:
        """A total an earlier book published over pools' counts of ``period`` (a province, or
        all cases, over its regions), so that its own relations take part here too."""

        def relation() -> None:
            value, hidden, bound = whole
            fixed = self.model.add_published(value, hidden=hidden, at_least=bound)
            self.model.total(fixed, [self._pool_parts[k][period] for k in keys])

        self.relate(relation)
        return whole

    def _bound(self, i: int, low: int, high: int | None) -> None:
        """low ≤ cell ``i`` ≤ high, with the bounds as known constants and the gaps as slack."""
        model = self.model
        for bound, sign in ((low, 1), (high, -1)):
            if bound is None or (sign == 1 and bound <= 0):
                continue
            constant = model.add(bound, publishable=False, known=True)
            gap = model.add(sign * (model.values[i] - bound), publishable=False)
            model.slack.add(gap)
            model.weighted([(i, 1)], [(constant, 1), (gap, sign)])

    def pool_total(self, key: str) -> Total:
        p = self.protect()
        i = self._pools[key]
        return Total(p.shown[i], p.symbols[i], p.at_least.get(i))

    def pool_published(self, key: str) -> Published:
        """Pool ``key`` as this book published it (for the books after it)."""
        p = self.protect()
        i = self._pools[key]
        bound = p.at_least.get(i)
        return self.model.values[i], p.shown[i] is None and bound is None, bound
