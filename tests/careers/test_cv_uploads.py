"""CVs are judged by their bytes: plain PDFs and .docx files pass, everything hostile is refused
with a message the member can act on."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from careers import cv
from careers.cv_documents import pdf_cv
from careers.cv_storage import cv_storage, random_cv_name

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
CV_LINES = ["Aiko Tanaka", "Integration engineer, Northwind Cloud", "Node/JavaScript, Python"]


def content_types(main: str = DOCX_MAIN, extra: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
    ).encode()


DOCUMENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Aiko Tanaka, integration engineer</w:t></w:r></w:p></w:body>"
    b"</w:document>"
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(members: dict[str, bytes] | None = None, *, main: str = DOCX_MAIN) -> bytes:
    parts = {
        "[Content_Types].xml": content_types(main),
        "_rels/.rels": RELS,
        "word/document.xml": DOCUMENT_XML,
        **(members or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def run_script_when_opened(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hi');"),
        }
    )


def pdf_written(change) -> bytes:
    """A one-page CV, passed through a PdfWriter that `change` adds something to."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_cv(CV_LINES))))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(content: bytes, name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(content: bytes, name: str = "cv.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        cv.check_cv(upload(content, name))
    return refused.value


# --- Accepted -------------------------------------------------------------------------------


def test_a_plain_pdf_cv_is_accepted_as_sent():
    content = pdf_cv(CV_LINES)
    checked = cv.check_cv(upload(content, "Aiko Tanaka – CV.pdf"))
    assert checked.kind == "pdf"
    assert checked.content == content
    assert checked.content_type == "application/pdf"


def test_a_pdf_whose_text_mentions_javascript_is_still_a_cv():
    checked = cv.check_cv(upload(pdf_cv(CV_LINES, compress=False)))
    assert checked.kind == "pdf"


def test_a_plain_word_document_is_accepted_whatever_its_name():
    checked = cv.check_cv(upload(docx(), "cv.pdf"))
    assert checked.kind == "docx"
    assert checked.extension == "docx"


def test_a_pdf_named_docx_is_taken_for_the_pdf_it_is():
    assert cv.check_cv(upload(pdf_cv(CV_LINES), "cv.docx")).kind == "pdf"


# --- Not a document -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 200,
        b"\xcf\xfa\xed\xfe" + b"\x00" * 200,
        b"#!/bin/sh\nrm -rf ~\n",
    ],
    ids=["windows", "linux", "macos", "script"],
)
def test_a_renamed_program_is_refused(content):
    refused = refusal(content, "cv.pdf")
    assert refused.code == "program"
    assert "program" in refused.message


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"\xef\xbb\xbf  \n<HTML><body onload=alert(1)>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
)
def test_a_web_page_named_like_a_cv_is_refused(content):
    assert refusal(content, "cv.docx").code == "web_page"


def test_an_old_binary_word_document_is_asked_for_again_as_docx():
    refused = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "cv.doc")
    assert refused.code == "old_word"
    assert ".docx" in refused.message


def test_an_empty_file_is_refused():
    assert refusal(b"").code == "empty"


def test_an_unknown_format_is_refused_with_the_formats_we_take():
    refused = refusal(b"{\\rtf1\\ansi CV}", "cv.rtf")
    assert refused.code == "wrong_type"
    assert refused.message == cv.WRONG_TYPE


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photos/me.jpg", b"\xff\xd8\xff" + b"\x00" * 100)
    assert refusal(out.getvalue(), "cv.docx").code == "wrong_type"


# --- Sizes ----------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.CAREERS_CV_MAX_BYTES = 1000
    refused = refusal(pdf_cv(CV_LINES * 40))
    assert refused.code == "too_large"
    assert "1000" in refused.message or "1000 bytes" in refused.message


def test_a_file_lying_about_its_size_is_measured_by_what_it_holds(settings):
    settings.CAREERS_CV_MAX_BYTES = 1000
    lying = ContentFile(b"%PDF-1.7\n" + b"0" * 5000, name="cv.pdf")
    lying.size = 10  # what a client may claim
    with pytest.raises(ValidationError) as refused:
        cv.check_cv(lying)
    assert refused.value.code == "too_large"


# --- PDFs -----------------------------------------------------------------------------------


def test_an_encrypted_pdf_is_refused():
    refused = refusal(pdf_written(lambda writer: writer.encrypt("s3cret", algorithm="RC4-128")))
    assert refused.code == "encrypted"
    assert "password" in refused.message


def test_a_pdf_running_javascript_when_opened_is_refused():
    assert refusal(pdf_written(run_script_when_opened)).code == "active_content"


def test_a_pdf_launching_a_program_when_opened_is_refused():
    def launch(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("cmd.exe"),
            }
        )

    assert refusal(pdf_written(launch)).code == "active_content"


def test_a_pdf_carrying_another_file_is_refused():
    refused = refusal(pdf_written(lambda w: w.add_attachment("payload.exe", b"MZ\x90\x00")))
    assert refused.code == "active_content"


def test_a_pdf_hiding_its_script_behind_escaped_names_is_refused():
    # "/J#61vaScript" is "/JavaScript" once a reader decodes the name: the raw bytes show
    # nothing, the parsed document does.
    scripted = pdf_written(run_script_when_opened)
    hidden = (
        scripted.replace(b"/JavaScript", b"/J#61vaScript")
        .replace(b"/JS ", b"/J#53 ")
        .replace(b"/OpenAction", b"/Open#41ction")
    )
    assert not cv._PDF_ACTIVE_BYTES.search(hidden)
    assert refusal(hidden).code == "active_content"


def test_a_truncated_pdf_is_refused_as_unreadable():
    content = pdf_cv(CV_LINES)
    assert refusal(content[: len(content) // 2]).code == "unreadable"


def test_a_pdf_header_on_garbage_is_refused_as_unreadable():
    assert refusal(b"%PDF-1.7\n" + bytes(range(256)) * 4).code == "unreadable"


def test_a_pdf_longer_than_any_cv_is_refused():
    assert refusal(pdf_cv(["line"] * 50 * (cv.MAX_PDF_PAGES + 1))).code == "too_many_pages"


# --- Word documents -------------------------------------------------------------------------


def test_a_macro_enabled_document_renamed_docx_is_refused():
    refused = refusal(docx(main=DOCM_MAIN), "cv.docx")
    assert refused.code == "macros"
    assert "macros" in refused.message


def test_a_document_carrying_a_vba_project_is_refused():
    assert refusal(docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "cv.docx").code == "macros"


def test_a_document_with_activex_controls_is_refused():
    content = docx({"word/activeX/activeX1.xml": b"<ax/>"})
    assert refusal(content, "cv.docx").code == "macros"


def test_a_zip_bomb_is_refused_from_its_directory_before_decompressing():
    bomb = docx({"word/media/image1.png": b"\x00" * (4 * 1024 * 1024)})
    assert len(bomb) < 100_000  # four megabytes of zeros pack into a few kilobytes
    refused = refusal(bomb, "cv.docx")
    assert refused.code == "zip_bomb"


def test_a_document_unpacking_past_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(cv, "MAX_UNPACKED_BYTES", 100_000)
    pictures = {f"word/media/image{n}.bin": bytes(range(256)) * 100 for n in range(5)}
    assert refusal(docx(pictures), "cv.docx").code == "zip_bomb"


def test_a_document_with_thousands_of_parts_is_refused():
    parts = {f"word/part{n}.txt": b"" for n in range(cv.MAX_ZIP_MEMBERS + 1)}
    assert refusal(docx(parts), "cv.docx").code == "zip_bomb"


def test_a_document_with_an_encrypted_part_is_refused():
    content = bytearray(docx())
    # Set the "encrypted" flag of the first member, in its local header and central directory.
    content[6] |= 0x1
    directory = content.rfind(b"PK\x01\x02", 0, content.find(b"PK\x05\x06"))
    first_entry = content.find(b"PK\x01\x02")
    assert directory >= first_entry
    content[first_entry + 8] |= 0x1
    assert refusal(bytes(content), "cv.docx").code == "encrypted"


def test_a_password_protected_word_document_is_refused_as_encrypted():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
    ole += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    assert refusal(ole, "cv.docx").code == "encrypted"


def test_a_document_whose_xml_declares_entities_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    )
    assert refusal(docx({"word/document.xml": laughs}), "cv.docx").code == "unreadable"


def test_a_damaged_document_is_refused_as_unreadable():
    content = bytearray(docx())
    start = content.find(b"word/document.xml") + len("word/document.xml")
    content[start + 5] ^= 0xFF  # a byte of the compressed document: its CRC no longer matches
    assert refusal(bytes(content), "cv.docx").code == "unreadable"


def test_a_word_document_without_its_main_part_is_refused():
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types())
    assert refusal(content.getvalue(), "cv.docx").code == "unreadable"


# --- Where accepted CVs go ------------------------------------------------------------------


def test_cvs_are_kept_under_the_private_root_not_the_public_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    storage = cv_storage()
    name = storage.save(random_cv_name("pdf"), ContentFile(pdf_cv(CV_LINES)))
    stored = Path(storage.path(name))
    assert stored.is_relative_to(tmp_path / "private")
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))


def test_cvs_have_no_public_address():
    with pytest.raises(ValueError):
        cv_storage().url("cvs/anything.pdf")


def test_cv_file_names_are_random_and_keep_only_the_checked_extension():
    names = {random_cv_name("docx") for _ in range(100)}
    assert len(names) == 100
    assert all(name.startswith("cvs/") and name.endswith(".docx") for name in names)
