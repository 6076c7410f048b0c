"""Opening a ``.qdpx`` defensively: zip members counted and bounded while reading, no member
name that climbs out, the XML through defusedxml (no DTDs, no entity expansion)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import PurePosixPath

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from olcc_report.intake.problems import Problem
from olcc_report.qualitative.segments import CodingsInvalid

NS = "{urn:QDA-XML:project:1.0}"
MAX_MEMBERS = 10_000
MAX_UNPACKED = 200 * 1024 * 1024
# Limits on project.qde itself, so that no file makes the importer use more than a few hundred MB:
MAX_PROJECT_BYTES = 50 * 1024 * 1024
MAX_ELEMENTS = 500_000
MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_SELECTIONS = 200_000


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (name[1:3] == ":\\" or name[1:3] == ":/"):
        return False
    return ".." not in path.parts


def read_zip(data: bytes, file: str) -> dict[str, bytes]:
    """The members of a .qdpx, read with limits. Raises CodingsInvalid on anything unsafe."""

    def refuse(why: str) -> CodingsInvalid:
        return CodingsInvalid([Problem(file, None, None, None, f"refused: {why}")])

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse("not a zip archive (a .qdpx is a zip with project.qde)") from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise refuse(f"{len(infos)} files in the archive (at most {MAX_MEMBERS})")
    unsafe = [i.filename for i in infos if not _safe_member_name(i.filename)]
    if unsafe:
        raise refuse(
            f"unsafe path(s) in the archive: {', '.join(unsafe[:5])} "
            "(absolute or climbing out with '..')"
        )
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        chunks = []
        try:
            with archive.open(info) as handle:
                while chunk := handle.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_UNPACKED:
                        raise refuse(
                            f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB (a zip bomb?)"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise refuse(f"{info.filename} in the archive is damaged ({exc})") from None
        members[posixpath.normpath(info.filename.replace("\\", "/"))] = b"".join(chunks)
    return members


# Never processed here, but no QDA tool writes it: a file that asks to include others is refused.
XINCLUDE = "{http://www.w3.org/2001/XInclude}"


def normal_guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").lower()


# --- bounded parsing ------------------------------------------------------------------------------


def refuse(file: str, why: str) -> CodingsInvalid:
    return CodingsInvalid([Problem(file, None, "project.qde", None, f"refused: {why}")])


def _parse(data: bytes, file: str):
    """``project.qde`` parsed incrementally (defused: no DTD, no entities), refused past
    :data:`MAX_PROJECT_BYTES` or :data:`MAX_ELEMENTS` before the tree grows further."""
    if len(data) > MAX_PROJECT_BYTES:
        raise refuse(file, f"project.qde is larger than {MAX_PROJECT_BYTES // 2**20} MB")
    count = 0
    root = None
    try:
        for _, element in SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
            if root is None:
                root = element
            count += 1
            if element.tag.startswith(XINCLUDE):
                raise refuse(file, "the XML asks to include other files (XInclude)")
            if count > MAX_ELEMENTS:
                raise refuse(file, f"more than {MAX_ELEMENTS:,} XML elements".replace(",", "."))
    except DefusedXmlException as exc:
        raise refuse(file, f"the XML uses a DTD or entities ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise CodingsInvalid(
            [Problem(file, None, "project.qde", None, f"not valid XML: {exc}")]
        ) from None
    if root is None or root.tag != f"{NS}Project":
        raise CodingsInvalid(
            [
                Problem(
                    file,
                    None,
                    "project.qde",
                    None if root is None else root.tag,
                    "a <Project> in namespace urn:QDA-XML:project:1.0",
                )
            ]
        )
    return root


def project_root(members: dict[str, bytes], file: str):
    """The project file: the one ``*.qde`` at the archive's root (the standard names it
    ``project.qde``; ATLAS.ti names it after the project, e.g. ``Trial.qde``)."""
    names = sorted(n for n in members if "/" not in n.strip("/") and n.lower().endswith(".qde"))
    if not names:
        names = sorted(n for n in members if posixpath.basename(n).lower() == "project.qde")
    if not names:
        raise CodingsInvalid(
            [Problem(file, None, None, None, "no project file (*.qde) at the archive's root")]
        )
    if len(names) > 1:
        raise CodingsInvalid(
            [
                Problem(
                    file,
                    None,
                    None,
                    None,
                    f"{len(names)} project files at the archive's root ({', '.join(names)}): "
                    "a .qdpx holds one project; export it again",
                )
            ]
        )
    return _parse(members[names[0]], file)
