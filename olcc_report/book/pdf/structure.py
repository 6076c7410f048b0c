"""The merged PDF made whole: each chapter's structure tree kept as a part of one tagged
document, links between chapters resolved to pages, page numbers stamped over every page, and
metadata, dates and an ID from the content (the same book gives the same bytes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from importlib.metadata import version

from olcc_report.book.pdf.pages import CHAPTER_LINK, Cover


def _number_tree(node) -> list:
    """The (key, value) pairs of a PDF number tree, in order."""
    node = node.get_object()
    pairs = list(node.get("/Nums") or [])
    for kid in node.get("/Kids") or []:
        pairs += _number_tree(kid)
    return pairs


class UnnamedFigure(ValueError):
    """The figures Chromium tagged in a part are not the page's figures one for one, so
    their text alternatives cannot be given."""


def name_figures(elements: list, texts: list[str], part: str) -> None:
    """Give each ``Figure`` below ``elements`` (in reading order) its text alternative:
    Chromium tags each ``<figure>`` as one but leaves out its chart's ``aria-label``."""
    from pypdf.generic import NameObject, TextStringObject

    figures = [  # an image has its alt text already
        item
        for top in elements
        for _, item in _elements(top)
        if item.get("/S") == "/Figure" and "/Alt" not in item
    ]
    if len(figures) != len(texts):
        raise UnnamedFigure(
            f"{part}: {len(figures)} figures without a text alternative in the printed PDF, "
            f"{len(texts)} figures in the page"
        )
    for figure, text in zip(figures, texts, strict=True):
        figure[NameObject("/Alt")] = TextStringObject(text)


def merge_structure(writer, readers: list) -> None:
    """Keep the PDF tagged: pypdf's merge copies the pages but not the structure tree that
    Chromium wrote for each part (headings, paragraphs, tables, figures). Each part's tree
    becomes a ``Part`` of one ``Document``; the keys by which the pages and links point into
    the tree are moved past the parts before them. ``readers``: each part's reader, the index
    of its first page in ``writer``, its name and the text alternatives of its figures."""
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        NameObject,
        NullObject,
        NumberObject,
        TextStringObject,
    )

    document = writer._add_object(DictionaryObject())
    root = writer._add_object(DictionaryObject())
    parts, nums, offset = ArrayObject(), ArrayObject(), 0
    for reader, first, name, figures in readers:
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            if figures:
                raise UnnamedFigure(f"{name}: no structure tree for its {len(figures)} figures")
            continue
        tree = tree.get_object()
        # The structure points at pages and links: at the merged ones, not at new copies.
        same = writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        for index, page in enumerate(reader.pages):
            merged = writer.pages[first + index]
            same[page.indirect_reference.idnum] = merged.indirect_reference.idnum
            own, copied = page.get("/Annots") or [], merged.get("/Annots") or []
            for annotation, copy in zip(own, copied, strict=len(own) == len(copied)):
                same[annotation.idnum] = copy.idnum
        top, start = tree.raw_get("/K"), len(parts)
        for ref in list(top.get_object()) if isinstance(top.get_object(), ArrayObject) else [top]:
            ref.get_object()[NameObject("/P")] = NullObject()  # not the part's old root
            clone = ref.clone(writer)
            element = clone.get_object()
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
            element[NameObject("/P")] = document
            parts.append(clone)
        name_figures(parts[start:], figures, name)
        pairs = _number_tree(tree["/ParentTree"])
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            nums += [NumberObject(key + offset), value.clone(writer)]
        _shift_keys(writer, reader, first, offset)
        offset += int(tree.get("/ParentTreeNextKey", 0))
    document.get_object().update(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/Lang"): TextStringObject("nl"),
            NameObject("/P"): root,
            NameObject("/K"): parts,
        }
    )
    ids = ArrayObject()
    for number, part in enumerate(parts):
        for name, element in _renamed_ids(part.get_object(), f"deel{number:02d}"):
            ids += [TextStringObject(name), element]
    root.get_object().update(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/IDTree"): writer._add_object(
                DictionaryObject({NameObject("/Names"): ids})
            ),
            NameObject("/K"): document,
            NameObject("/ParentTree"): writer._add_object(
                DictionaryObject({NameObject("/Nums"): nums})
            ),
            NameObject("/ParentTreeNextKey"): NumberObject(offset),
            # Chromium writes PDF 2.0's Strong and Em: named as PDF 1.7's Span
            NameObject("/RoleMap"): DictionaryObject(
                {NameObject("/Strong"): NameObject("/Span"), NameObject("/Em"): NameObject("/Span")}
            ),
        }
    )
    writer._root_object[NameObject("/StructTreeRoot")] = root
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )


def _shift_keys(writer, reader, first: int, offset: int) -> None:
    """The keys by which one part's pages (pypdf drops them) and links point into the parent
    tree, moved past the parts before it."""
    from pypdf.generic import NameObject, NumberObject

    for index, page in enumerate(reader.pages):
        merged = writer.pages[first + index]
        if "/StructParents" in page:
            merged[NameObject("/StructParents")] = NumberObject(page["/StructParents"] + offset)
        for annotation in merged.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                annotation[NameObject("/StructParent")] = NumberObject(
                    annotation["/StructParent"] + offset
                )


def _elements(element) -> list:
    """A structure element and every element below it, depth first, as (reference, element)."""
    found, stack = [], [element]
    while stack:
        ref = stack.pop()
        item = ref.get_object()
        if not hasattr(item, "get") or "/S" not in item:
            continue  # marked content or an object reference, not an element
        found.append((ref, item))
        kids = item.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        children = list(kids) if isinstance(kids, list) else [item.raw_get("/K")]
        stack += reversed(children)
    return found


def _renamed_ids(part, prefix: str) -> list:
    """Give the elements of one part IDs in document order (Chromium numbers them by the
    page's nodes, which differ from print to print, and the parts would share them), and
    point the table cells' ``/Headers`` at the new IDs. Returns (ID, element) pairs, sorted
    by ID as a name tree wants them."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    elements = _elements(part)
    names = {}
    for _, item in elements:
        if "/ID" in item:
            new = names[str(item["/ID"])] = f"{prefix}-{len(names) + 1:05d}"
            item[NameObject("/ID")] = TextStringObject(new)
    for _, item in elements:
        attributes = item.get("/A")
        if attributes is None:
            continue
        attributes = attributes.get_object()
        for attribute in attributes if isinstance(attributes, list) else [attributes]:
            attribute = attribute.get_object()
            if "/Headers" in attribute:
                attribute[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(names.get(str(h), str(h))) for h in attribute["/Headers"]
                )
    refs = [(str(item["/ID"]), ref) for ref, item in elements if "/ID" in item]
    return sorted(refs)


def resolve_chapter_links(writer, starts: dict[str, int]) -> None:
    """Turn every link to another chapter (:data:`CHAPTER_LINK`) into a link to the page
    where that chapter starts."""
    from pypdf.generic import ArrayObject, NameObject

    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            uri = str((annotation.get("/A") or {}).get("/URI", ""))
            if not uri.startswith(CHAPTER_LINK):
                continue
            name = uri.removeprefix(CHAPTER_LINK).partition("#")[0]
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject(
                [writer.pages[starts[name]].indirect_reference, NameObject("/Fit")]
            )


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def finish_pdf(writer, cover: Cover) -> bytes:
    """The merged PDF as a publication: title, author (the publisher), subject, keywords,
    language ``nl`` and creator "olcc-report <version>"; creation and modification dates from
    the publication (none without one) instead of the clock; and a document ID from the
    content (written once with a blank ID, which is then replaced by the hash of those bytes),
    so the same book gives the same bytes."""
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        ByteStringObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    metadata = {
        "/Title": cover.title,
        "/Author": cover.publisher,
        "/Subject": f"{cover.title}, {cover.period}"
        + (f" — {cover.notice}" if cover.notice else ""),
        "/Keywords": ", ".join(cover.keywords),
        "/Creator": f"olcc-report {version('olcc-report')}",
        "/Producer": f"Chromium (Skia/PDF), pypdf {version('pypdf')}",
    }
    if cover.created is not None:
        metadata["/CreationDate"] = _pdf_date(cover.created)
        metadata["/ModDate"] = _pdf_date(cover.modified or cover.created)
    writer.metadata = metadata
    writer._root_object[NameObject("/Lang")] = TextStringObject("nl")
    # a reader's window shows the title, not the file name
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    writer._root_object[NameObject("/Metadata")] = _xmp(writer, cover)
    _describe_links(writer)
    blank = bytes(16)
    writer._ID = ArrayObject([ByteStringObject(blank), ByteStringObject(blank)])
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    body, trailer = data.rsplit(b"trailer", 1)
    identity = hashlib.sha256(data).hexdigest()[:32].encode()
    return body + b"trailer" + trailer.replace(f"<{blank.hex()}>".encode(), b"<" + identity + b">")


def _xmp(writer, cover: Cover):
    """The document's XMP metadata stream (title, publisher, language), which PDF readers and
    accessibility checkers read next to the info dictionary. It claims no PDF/UA conformance:
    the PDF does not meet all of it (see the accessibility statement)."""
    from xml.sax.saxutils import escape

    from pypdf.generic import DecodedStreamObject, NameObject

    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(cover.title)}</rdf:li>'
        "</rdf:Alt></dc:title>\n"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(cover.publisher)}</rdf:li></rdf:Seq></dc:creator>\n"
        "<dc:language><rdf:Bag><rdf:li>nl</rdf:li></rdf:Bag></dc:language>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return writer._add_object(stream)


def _describe_links(writer) -> None:
    """Every link says where it goes (its ``/Contents``), for a reader who cannot see it."""
    from pypdf.generic import NameObject, TextStringObject

    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(writer.pages, 1)}
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            link = ref.get_object()
            if link.get("/Subtype") != "/Link" or link.get("/Contents"):
                continue
            uri = str((link.get("/A") or {}).get("/URI", ""))
            target = link.get("/Dest")
            if uri:
                text = f"Link naar {uri.removeprefix('mailto:')}"
            elif isinstance(target, list) and target:
                text = f"Link naar pagina {numbers.get(target[0].idnum, '')}".rstrip()
            else:
                text = "Link naar een andere plek in dit document"
            link[NameObject("/Contents")] = TextStringObject(text)


def stamp(writer, page, stamp, name: str = "/OlccPaginanummer") -> None:
    """Draw ``stamp`` (a page of another PDF) over ``page`` as a form XObject, without
    parsing the page's own content (pypdf's ``merge_page`` parses both): the page's content
    is wrapped in q/Q so whatever state it leaves cannot move the stamp."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    def stream(data: bytes, **entries):
        obj = DecodedStreamObject()
        obj.set_data(data)
        obj.update({NameObject(k): v for k, v in entries.items()})
        return writer._add_object(obj)

    form = stream(
        stamp.get_contents().get_data(),
        **{
            "/Type": NameObject("/XObject"),
            "/Subtype": NameObject("/Form"),
            "/BBox": ArrayObject(stamp.mediabox),
            "/Resources": stamp["/Resources"].get_object().clone(writer),
        },
    )
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = form
    contents = page.get("/Contents")  # a page has one stream or an array of them
    own = (
        list(contents.get_object())
        if isinstance(contents.get_object(), ArrayObject)
        else [contents]
    )
    page[NameObject("/Contents")] = ArrayObject(
        [
            stream(b"q\n"),
            *own,
            # the page number is a pagination artifact, outside the structure tree
            stream(f"\nQ\n/Artifact <</Type /Pagination>> BDC q {name} Do Q EMC\n".encode()),
        ]
    )
