"""Where a project's inputs and outputs live, and the small file helpers every build step uses.

Layout of a build (``_build/<period>/`` by default)::

    src/        the period's book source: rendered narrative pages, executed notebooks,
                generated _toc.yml, _config.yml and conf.py (aggregates only, never case rows)
    html/       the HTML book (index.html)
    doctrees/   Sphinx's cache
    .cache/     keys (hashes of what a step read, never data) of the last validation, each
                executed notebook, the audit, the HTML build and the PDF, and each chapter's
                printed PDF: a step is skipped while its inputs are unchanged
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import olcc_report
from olcc_report.intake.params import LoadedParams
from olcc_report.intake.periods import Periods
from olcc_report.records.vocabulary import is_calendar_year

DEFAULT_PERIOD = "2020"


Report = Callable[[str], None]


class BuildError(Exception):
    """The book could not be built (the message says which step failed and why)."""


@dataclass
class Stages:
    """Seconds spent per build stage, for the benchmark (never written into a book)."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class Project:
    """Where a project's inputs live: params/, notebooks/, book/ and _config.yml under ``root``."""

    root: Path

    @property
    def params_dir(self) -> Path:
        return self.root / "params"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def book_dir(self) -> Path:
        return self.root / "book"

    @property
    def executed_dir(self) -> Path:
        """Committed executed demo notebooks, checked by nbval."""
        return self.notebooks_dir / "executed"

    def params_file(self, period: str) -> Path:
        return self.params_dir / f"{period}.yaml"

    def periods(self) -> list[str]:
        return Periods(self.params_dir).names()

    def params(self, period: str) -> LoadedParams:
        """The period's params (loaded once while the file is unchanged)."""
        return Periods(self.params_dir).get(period)

    def templates(self) -> list[Path]:
        return sorted(self.notebooks_dir.glob("*.ipynb"))

    def templates_for(self, loaded: LoadedParams) -> list[Path]:
        """The chapter notebooks a period has the inputs for: a notebook lists what it needs in
        its metadata (``olcc.requires``: ``qualitative`` and/or ``year``)."""
        have = {
            "qualitative": loaded.params.qualitative is not None,
            "year": is_calendar_year(loaded.params.period),
        }
        return [t for t in self.templates() if all(have.get(n, False) for n in self.requires(t))]

    @staticmethod
    def requires(template: Path) -> list[str]:
        """What a chapter notebook needs (its metadata ``olcc.requires``)."""
        return nbformat.read(template, as_version=4).metadata.get("olcc", {}).get("requires", [])

    @staticmethod
    def reads(template: Path) -> list[str]:
        """The parts of the params a notebook reads beyond the data's (``olcc.reads``: ``plan``)."""
        return nbformat.read(template, as_version=4).metadata.get("olcc", {}).get("reads", [])

    @property
    def cache_dir(self) -> Path:
        """Project-local cache outside _build/ (de-identified texts); never committed."""
        return self.root / ".olcc-cache"

    def build_dir(self, period: str) -> Path:
        return self.root / "_build" / period

    def copy_inputs(self, destination: Path) -> Project:
        """Copy params/, notebooks/, book/ and _config.yml to a new folder (tests, benchmarks)."""
        destination.mkdir(parents=True, exist_ok=True)
        for name in ("params", "notebooks", "book"):
            shutil.copytree(self.root / name, destination / name)
        shutil.copy(self.root / "_config.yml", destination / "_config.yml")
        return Project(destination)


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def where(path: Path, base: Path) -> bytes:
    """A file's place in a key: relative to ``base`` (the params folder), so a project that is
    moved or copied whole keeps its keys."""
    return os.path.relpath(path, base).encode()


def sha256_of(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


class Key:
    """A key kept in a build's ``.cache/`` (a hash of what a step read, never the data): the
    step is skipped when the key of its inputs is the one of its last successful run."""

    def __init__(self, cache_dir: Path, name: str, *parts: bytes) -> None:
        self.path = cache_dir / f"{name}.sha256"
        self.value = sha256_of(*parts)

    def unchanged(self) -> bool:
        return self.path.is_file() and self.path.read_text() == self.value

    def keep(self) -> None:
        write_if_changed(self.path, self.value.encode())

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


def package_fingerprint() -> bytes:
    package = Path(olcc_report.__file__).parent
    files = sorted(package.rglob("*.py")) + sorted((package / "data").rglob("*"))
    return b"".join(
        str(f.relative_to(package)).encode() + f.read_bytes() for f in files if f.is_file()
    )
