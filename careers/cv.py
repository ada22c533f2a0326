"""CVs are checked by what they contain, in full, before anything stores them.

A member's CV is opened by an employer, usually on a work computer: whatever we keep must be a
plain document that Acrobat or Word opens without running anything. The name a file arrives
with says nothing, so the bytes decide:

- a PDF starts with ``%PDF-``, pypdf reads its cross-reference table and decodes every page's
  content streams (a truncated or damaged file fails there), and it must not be encrypted nor
  carry actions that run when it is opened (JavaScript, launching a program, embedded files);
- a Word document is a ZIP archive whose ``[Content_Types].xml`` declares a ``.docx`` main
  part. Before any member is decompressed, the archive's directory is read for its member count,
  total unpacked size and compression ratio (zip bombs); macro-enabled documents (``.docm``, a
  ``vbaProject.bin``) and encrypted members are refused; then every member is decompressed,
  which checks each one's CRC, and the XML parts a reader needs are parsed.

Anything else (a renamed program, a web page, an old binary ``.doc``) is refused with a message
the member can act on. ``check_cv`` never lets a parser's error through.
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_CONTENT_TYPES = (
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
    "application/vnd.ms-office.vbaproject",
    "application/vnd.ms-office.activex+xml",
)

# A CV is a few pages; past this it is something else (and each page costs time to decode).
MAX_PDF_PAGES = 50
# A .docx holds a few dozen parts; a CV with pictures unpacks to a few megabytes.
MAX_ZIP_MEMBERS = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Text and XML compress about 10:1; zip bombs reach 1000:1 and more. Small parts (an empty
# settings file) may compress better than this, so the ratio only counts past a few kilobytes.
MAX_COMPRESSION_RATIO = 100
RATIO_APPLIES_FROM = 64 * 1024

WRONG_TYPE = "Send your CV as a PDF or a Word document (.docx)."
EMPTY = f"That file is empty. {WRONG_TYPE}"
PROGRAM = f"That file is a program, not a document. {WRONG_TYPE}"
WEB_PAGE = f"That file is a web page, not a document. {WRONG_TYPE}"
OLD_WORD = (
    "That is an older Word document (.doc). Save it as a Word document (.docx) or a PDF and "
    "send that."
)
ENCRYPTED = (
    "That document is protected by a password, so employers could not open it. Save a copy "
    "without a password and send that."
)
ACTIVE_PDF = (
    "That PDF runs scripts, opens other programs or carries other files when it is opened. "
    "Save it again as a plain PDF (Print, then Save as PDF) and send that."
)
MACROS = (
    "That Word document contains macros or embedded controls. Save it as a plain Word "
    "document (.docx) or a PDF and send that."
)
ZIP_BOMB = (
    "That document unpacks to far more than a CV holds, so we did not open it. Save it again "
    "as a PDF or a Word document (.docx) and send that."
)
TOO_MANY_PAGES = f"That PDF has more than {MAX_PDF_PAGES} pages; a CV is a few pages long."
UNREADABLE = (
    "We could not read that document in full; it may be damaged. Save it again as a PDF or a "
    "Word document (.docx) and send that."
)

# Whatever a parser may raise on hostile or broken input.
PARSE_ERRORS = (
    PyPdfError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ElementTree.ParseError,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    NotImplementedError,
    RecursionError,
    MemoryError,
    UnicodeError,
)

# Keys that make a PDF act when opened or when a page or field is shown.
PDF_ACTIVE_KEYS = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/AA", "/RichMedia")
PDF_ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute")
# The same, spotted in the raw bytes (uncompressed objects) before pypdf parses anything, also
# where no page or catalog points to them. Only as dictionary entries: a CV's text may well say
# "Node/JavaScript" in an uncompressed content stream.
_PDF_ACTIVE_BYTES = re.compile(
    rb"/S\s*/(?:JavaScript|Launch|ImportData|RichMediaExecute)\b"
    rb"|/(?:JS|JavaScript|EmbeddedFiles|OpenAction|AA)\s*(?:[(<\[]|\d+\s+\d+\s+R\b)"
)

_PROGRAM_SIGNATURES = (
    b"MZ",  # Windows executables and DLLs
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O, both byte orders and widths)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS universal binaries, Java classes
    b"#!",  # scripts
)
_WEB_PAGE_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|script|svg|\?xml|iframe|meta)\b",
    re.IGNORECASE,
)
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CheckedCv:
    """A CV that passed every check: its bytes, as sent, and what they are."""

    content: bytes
    kind: str  # "pdf" or "docx"

    @property
    def extension(self) -> str:
        return self.kind

    @property
    def content_type(self) -> str:
        return PDF_TYPE if self.kind == "pdf" else DOCX_TYPE


def refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def max_bytes() -> int:
    return settings.CAREERS_CV_MAX_BYTES


def check_cv(upload: IO[bytes]) -> CheckedCv:
    """Read ``upload`` in full and return it if it is a plain PDF or .docx CV.

    Raises ``ValidationError`` with a message for the member otherwise; codes: ``too_large``,
    ``empty``, ``program``, ``web_page``, ``old_word``, ``wrong_type``, ``encrypted``,
    ``active_content``, ``macros``, ``zip_bomb``, ``too_many_pages``, ``unreadable``.
    """
    limit = max_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(declared, limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    # Read one byte past the limit: the declared size of an upload may not be the truth.
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(len(content), limit)
    if not content:
        raise refused(EMPTY, "empty")
    if content.startswith(b"%PDF-"):
        _check_pdf(content)
        return CheckedCv(content=content, kind="pdf")
    if content.startswith(b"PK\x03\x04"):
        _check_docx(content)
        return CheckedCv(content=content, kind="docx")
    raise _not_a_document(content)


def _too_large(size: int, limit: int) -> ValidationError:
    return refused(
        f"Your CV is {filesizeformat(size)}; the largest we accept is {filesizeformat(limit)}. "
        "Save it with smaller pictures, or as a PDF, and send it again.",
        "too_large",
    )


def _not_a_document(content: bytes) -> ValidationError:
    if content.startswith(_PROGRAM_SIGNATURES):
        return refused(PROGRAM, "program")
    if _WEB_PAGE_START.match(content[:1024]):
        return refused(WEB_PAGE, "web_page")
    if content.startswith(_OLE_SIGNATURE):
        # Office writes password-protected .docx files as an OLE container around an
        # "EncryptedPackage" stream; any other OLE file is a .doc (or .xls...) of the old kind.
        if "EncryptedPackage".encode("utf-16-le") in content:
            return refused(ENCRYPTED, "encrypted")
        return refused(OLD_WORD, "old_word")
    return refused(WRONG_TYPE, "wrong_type")


# --- PDF --------------------------------------------------------------------------------------


def _check_pdf(content: bytes) -> None:
    if _PDF_ACTIVE_BYTES.search(content):
        raise refused(ACTIVE_PDF, "active_content")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise refused(ENCRYPTED, "encrypted")
        page_count = len(reader.pages)
        if page_count == 0:
            raise refused(UNREADABLE, "unreadable")
        if page_count > MAX_PDF_PAGES:
            raise refused(TOO_MANY_PAGES, "too_many_pages")
        # Names inside compressed object streams only show once pypdf has resolved them.
        if _has_active_content(reader):
            raise refused(ACTIVE_PDF, "active_content")
        for page in reader.pages:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
    except ValidationError:
        raise
    except PARSE_ERRORS:
        raise refused(UNREADABLE, "unreadable") from None


def _has_active_content(reader: PdfReader) -> bool:
    """Whether the catalog, a page, an annotation or a form field holds an action or script."""
    catalog = reader.trailer["/Root"].get_object()
    if _is_active(catalog.get("/OpenAction")) or "/AA" in catalog:
        return True
    names = catalog.get("/Names")
    if names is not None:
        names = names.get_object()
        if "/JavaScript" in names or "/EmbeddedFiles" in names:
            return True
    acroform = catalog.get("/AcroForm")
    if acroform is not None:
        acroform = acroform.get_object()
        if "/XFA" in acroform:
            return True
        for field in _resolved_list(acroform.get("/Fields")):
            if "/AA" in field or _is_active(field.get("/A")):
                return True
    if _outline_is_active(catalog.get("/Outlines")):
        return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annotation in _resolved_list(page.get("/Annots")):
            if "/AA" in annotation or _is_active(annotation.get("/A")):
                return True
            if annotation.get("/Subtype") in ("/FileAttachment", "/RichMedia", "/Screen"):
                return True
    return False


def _outline_is_active(outlines, limit: int = 2000) -> bool:
    """Whether a bookmark runs something when clicked (walked breadth-first, bounded)."""
    if outlines is None:
        return False
    pending = [outlines.get_object().get("/First")]
    seen = 0
    while pending and seen < limit:
        item = pending.pop()
        if item is None:
            continue
        item = item.get_object()
        if not isinstance(item, DictionaryObject):
            continue
        seen += 1
        if _is_active(item.get("/A")):
            return True
        pending.extend((item.get("/Next"), item.get("/First")))
    return False


def _resolved_list(value) -> list[DictionaryObject]:
    if value is None:
        return []
    value = value.get_object()
    if not isinstance(value, ArrayObject):
        return []
    items = (item.get_object() if isinstance(item, IndirectObject) else item for item in value)
    return [item for item in items if isinstance(item, DictionaryObject)]


def _is_active(action, depth: int = 0) -> bool:
    """Whether an action (or any action it chains to with /Next) runs something."""
    if action is None or depth > 20:
        return False
    action = action.get_object()
    if isinstance(action, ArrayObject):
        return any(_is_active(item, depth + 1) for item in action)
    if not isinstance(action, DictionaryObject):
        return False  # an explicit destination: go to a page
    if action.get("/S") in PDF_ACTIVE_ACTIONS or any(key in action for key in PDF_ACTIVE_KEYS):
        return True
    return _is_active(action.get("/Next"), depth + 1)


# --- DOCX -------------------------------------------------------------------------------------

_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _check_docx(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            _check_archive_directory(members)
            names = {member.filename.lower() for member in members}
            if "[content_types].xml" not in names:
                raise refused(WRONG_TYPE, "wrong_type")
            main_part = _main_part(_parse_xml(archive.read("[Content_Types].xml")))
            if main_part is None:
                raise refused(WRONG_TYPE, "wrong_type")
            # Decompressing every member checks its CRC: a damaged archive fails here.
            for member in members:
                data = archive.read(member)
                if member.filename.lower().endswith((".xml", ".rels")):
                    _parse_xml(data)
            if main_part.lstrip("/").lower() not in names:
                raise refused(UNREADABLE, "unreadable")
    except ValidationError:
        raise
    except PARSE_ERRORS:
        raise refused(UNREADABLE, "unreadable") from None


def _check_archive_directory(members: list[zipfile.ZipInfo]) -> None:
    """Refuse on the archive's directory alone, before anything is decompressed."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise refused(ZIP_BOMB, "zip_bomb")
    unpacked = 0
    for member in members:
        unpacked += member.file_size
        if unpacked > MAX_UNPACKED_BYTES:
            raise refused(ZIP_BOMB, "zip_bomb")
        if member.file_size > RATIO_APPLIES_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise refused(ZIP_BOMB, "zip_bomb")
        if member.flag_bits & 0x1:
            raise refused(ENCRYPTED, "encrypted")
        name = member.filename.lower()
        if name.endswith("vbaproject.bin") or "/activex/" in f"/{name}":
            raise refused(MACROS, "macros")


def _parse_xml(data: bytes) -> ElementTree.Element:
    # Office never writes a DOCTYPE; refusing one keeps entity expansion out of the parser.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refused(UNREADABLE, "unreadable")
    return ElementTree.fromstring(data)


def _main_part(content_types: ElementTree.Element) -> str | None:
    """The document part a .docx declares, refusing macro-enabled packages."""
    main_part = None
    declared = [
        *content_types.iter(f"{_CONTENT_TYPES_NS}Override"),
        *content_types.iter(f"{_CONTENT_TYPES_NS}Default"),
    ]
    for element in declared:
        content_type = element.get("ContentType", "").strip().lower()
        if content_type in MACRO_CONTENT_TYPES:
            raise refused(MACROS, "macros")
        if content_type == DOCX_MAIN_PART and element.get("PartName"):
            main_part = element.get("PartName")
    return main_part
