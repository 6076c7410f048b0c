"""REFI-QDA projects (``.qdpx``), the exchange format of ATLAS.ti, MAXQDA, NVivo and QualCoder: a
zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and the text sources.

Read as the tools write them (REFI-QDA 1.5, ``Project.xsd``):

* GUIDs compared normalised (upper or lower case, with or without braces); a GUID used by two
  elements is an error (except NVivo's case nodes: a code that is a case);
* codes nested in non-codable folders; folders and case nodes not in the codebook are ignored
  with a warning, a codable code not in the codebook is an error;
* text sources with ``PlainTextContent`` or a ``plainTextPath`` (with or without
  ``internal://``, any folder case), UTF-8 with or without BOM; a ``PDFSource``'s text codings
  through its ``Representation``;
* positions in one of three conventions, detected per file by which one puts the selections on
  word boundaries (and on the text a selection names): code points (the standard), CRLF counted
  as one (ATLAS.ti), UTF-16 code units (NVivo for Windows); none fits → refused;
* a quote is any selection coded with the codebook's ``citaat`` code: in the same selection, or
  as a second selection of the same range (QualCoder);
* a source is linked to a case by, in this order: ``Case`` + ``SourceRef``, ``Case`` +
  ``SelectionRef``, a ``Set`` whose name is a case id, a variable holding a case id, the source
  name without its extension. The warnings say which were used.

A ``.qdpx`` comes from outside, so it is opened defensively: the XML through defusedxml (no DTDs,
no entity expansion, no external entities), at most :data:`MAX_MEMBERS` zip members and
:data:`MAX_UNPACKED` bytes unpacked (counted while reading, not trusted from the header), and no
member name that is absolute or climbs out with ``..``.
"""

from olcc_report.qualitative.refi.archive import MAX_UNPACKED
from olcc_report.qualitative.refi.project import read_qdpx

__all__ = ["MAX_UNPACKED", "read_qdpx"]
