"""What the repository itself must keep: only files that belong in it, rooms of one job."""

import subprocess
import sys
from pathlib import Path

from olcc_report.records import schema

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400


def _tracked() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
    ).stdout
    return [name for name in out.split("\0") if name and (ROOT / name).is_file()]


def test_no_file_over_1_mb_outside_the_demo_data():
    """The pre-commit hook's own check (pre-commit-hooks), over every tracked file."""
    files = [f for f in _tracked() if not f.startswith("params/demo/")]
    tool = Path(sys.executable).with_name("check-added-large-files")
    result = subprocess.run(
        [str(tool), "--enforce-all", "--maxkb=1024", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_size_check_refuses_a_large_file(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "big.whl").write_bytes(b"\0" * (1024 * 1024 + 1))
    tool = Path(sys.executable).with_name("check-added-large-files")
    result = subprocess.run(
        [str(tool), "--enforce-all", "--maxkb=1024", "big.whl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "big.whl" in result.stdout + result.stderr


def test_no_module_over_400_lines():
    """Rooms of one job: a module that passes the limit is split by job, not trimmed."""
    modules = [*ROOT.glob("olcc_report/**/*.py"), *ROOT.glob("benchmarks/*.py")]
    assert len(modules) > 50
    lines = {m.relative_to(ROOT).as_posix(): len(m.read_bytes().splitlines()) for m in modules}
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}


def test_every_glue_a_notebook_page_quotes_is_glued_by_it():
    """A ``{glue}`name``` in a notebook's text must be a value the notebook glues (an unknown
    name fails the book build only, long after the notebook ran)."""
    import json
    import re

    missing = []
    for path in sorted((ROOT / "notebooks" / "executed").glob("*/*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        glued = {
            output.get("metadata", {}).get("scrapbook", {}).get("name")
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
        }
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                missing += [
                    f"{path.parent.name}/{path.name}: {name}"
                    for name in re.findall(r"\{glue(?::[a-z]+)?\}`([A-Za-z0-9_]+)`", text)
                    if name not in glued
                ]
    assert missing == []


def test_every_glued_sentence_says_which_fields_it_speaks_of():
    """``new-year`` marks copied prose by :data:`contents.SENTENCE_FIELDS`: every sentence a
    notebook glues (``…_zin``) must be in it, and nothing else."""
    import json

    from olcc_report.records import contents

    glued = set()
    for path in sorted((ROOT / "notebooks" / "executed").glob("*/*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        glued |= {
            name
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
            if (name := output.get("metadata", {}).get("scrapbook", {}).get("name") or "").endswith(
                "_zin"
            )
        }
    assert glued == set(contents.SENTENCE_FIELDS)
    fields = {f.name for f in schema.optional_fields()}
    assert all(set(v) <= fields for v in contents.SENTENCE_FIELDS.values())


def test_the_accessibility_statement_names_the_axe_core_the_tests_load():
    """The statement page quotes AXE_CORE; the browser test loads what package-lock.json pins
    (and asserts the version it ran); all three are one release, at least the one asked for."""
    import json

    from olcc_report.book.accessibility import AXE_CORE

    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == AXE_CORE
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["axe-core"] == AXE_CORE  # exact, no range
    assert tuple(int(x) for x in AXE_CORE.split(".")[:2]) >= (4, 14)
