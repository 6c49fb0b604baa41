"""Hostile inputs for class 5 (unbounded time and memory), shared by the tests and bench/bench_limits.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_skeleton() -> dict[str, bytes]:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def docx_with_body(body: bytes, path: Path, *, extra: dict[str, bytes] | None = None) -> Path:
    """A .docx whose word/document.xml is `body` (the other parts from python-docx's default template)."""
    parts = _docx_skeleton()
    parts["word/document.xml"] = body
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def document_xml(inner: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + _W.encode()
            + b"><w:body>" + inner + b"</w:body></w:document>")


def empty_paragraphs_docx(path: Path, count: int = 3_000_000) -> Path:
    return docx_with_body(document_xml(b"<w:p/>" * count), path)


def paragraphs_docx(path: Path, count: int, text: str = "本机关全年主动公开政府信息 1520 条。") -> Path:
    para = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
    return docx_with_body(document_xml(para * count), path)


def zip_bomb_docx(path: Path, unpacked_mb: int = 1024) -> Path:
    """A .docx with a media part that unpacks to `unpacked_mb` MB of zeros (about 1 MB packed per GB)."""
    parts = _docx_skeleton()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("word/media/image1.png", "w", force_zip64=True) as fh:
            for _ in range(unpacked_mb):
                fh.write(chunk)
    return path


def billion_laughs_docx(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?>\n<!DOCTYPE w:document [{entities}]>\n<w:document {_W}><w:body><w:p><w:r>'
            "<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>").encode()
    return docx_with_body(body, path)


def malformed_docx(path: Path) -> Path:
    return docx_with_body(document_xml("<w:p><w:r><w:t>一、总体情况</w:t></w:r>".encode())[:-30], path)


def nested_html(size: int = 6 * 1024) -> str:
    """Tables nested inside tables, `size` bytes of them (reading nested tables costs the cube of their depth)."""
    unit_open, unit_close = "<table><tr><td>", "</td></tr></table>"
    depth = size // (len(unit_open) + len(unit_close))
    return "<html><body>" + unit_open * depth + "x" + unit_close * depth + "</body></html>"


def deep_div_html(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "一、总体情况" + "</div>" * depth + "</body></html>"


def long_paste(lines: int) -> str:
    rows = ["（一）予以公开\t1\t2\t3\t4\t5\t6\t7", "自然人\t1", "二、主动公开政府信息情况"]
    return "\n".join(rows[i % 3] for i in range(lines))


def long_labels(lines: int) -> str:
    return "三、收到和处理政府信息公开申请情况\n" + "（一）予以公开\n" * lines


def yaml_aliases() -> str:
    """About 800 bytes of YAML whose nested aliases stand for 10⁹ strings."""
    lines = ['agency: "某某局"', "year: 2023", 'a0: &a0 ["全年主动公开政府信息 1520 条，新收申请 37 件"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("facts:\n  overview: *a9")
    return "\n".join(lines) + "\n"


def pdf_pages(path: Path, pages: int, *, padding_mb: int = 0) -> Path:
    """A valid PDF of `pages` pages, each showing one line of text (all pages share one content stream; with
    `padding_mb`, the stream is compressed and unpacks to that many MB of spaces after the text)."""
    import zlib

    content = b"BT /F1 12 Tf 72 720 Td (Page text 1520) Tj ET"
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content
    if padding_mb:
        pack = zlib.compressobj(9)
        packed = pack.compress(content + b"\n")
        block = b" " * (1024 * 1024)
        for _ in range(padding_mb):
            packed += pack.compress(block)
        packed += pack.flush()
        stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages)) + b"] /Count %d >>" % pages,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               stream + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def utf16_laughs_docx(path: Path) -> Path:
    """Billion laughs again, in a UTF-16 document.xml (where a byte search for “<!ENTITY” finds nothing)."""
    text = zipfile.ZipFile(billion_laughs_docx(path)).read("word/document.xml").decode()
    return docx_with_body(text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
                          .encode("utf-16"), path)


def big_styles_docx(path: Path, mb: int = 25) -> Path:
    """A .docx whose styles part unpacks to `mb` MB (a comment of spaces): all within the total, but one part too big."""
    styles = b'<?xml version="1.0" encoding="UTF-8"?><!--' + b" " * (mb * 1024 * 1024) + b"--><w:styles " + \
        _W.encode() + b"/>"
    return docx_with_body(document_xml(b"<w:p/>"), path, extra={"word/styles.xml": styles})
