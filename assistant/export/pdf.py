"""Export to PDF: the .docx rendered by LibreOffice (when it is installed), with the 公文 fonts' fallbacks given to it
through fontconfig so that a machine without the GB fonts still prints 仿宋 as a serif, 楷体 as a 楷 font."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import AssistantError
from . import ReportDoc
from .docx import export_docx
from .fonts import fontconfig

TIMEOUT_S = 180


class ExportError(AssistantError):
    """An export that cannot be made here (no LibreOffice, a failed conversion)."""


def office() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("libreoffice") or shutil.which("soffice")


def docx_to_pdf(docx: str | Path, pdf: str | Path, *, program: str | None = None) -> Path:
    program = program or office()
    if program is None:
        raise ExportError("无法导出 PDF：本机没有安装 LibreOffice。请安装 LibreOffice（Debian/统信 UOS/麒麟："
                          "sudo apt install libreoffice-writer），或先导出 Word（.docx），再用 WPS 或 Word 另存为 PDF。")
    docx, pdf = Path(docx), Path(pdf)
    with tempfile.TemporaryDirectory(prefix="assistant-pdf-") as tmp:
        work = Path(tmp)
        (work / "fonts.conf").write_text(fontconfig(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf"), "HOME": str(work)}
        # A profile of its own: a LibreOffice the user has open (or another export) does not block this one.
        cmd = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(work), str(docx)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired:
            raise ExportError(f"无法导出 PDF：LibreOffice 在 {TIMEOUT_S} 秒内没有完成转换；请改为导出 Word（.docx）") from None
        except OSError as exc:
            raise ExportError(f"无法导出 PDF：无法运行 LibreOffice（{program}：{exc.strerror}）") from None
        made = work / (docx.stem + ".pdf")
        if done.returncode != 0 or not made.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["没有输出"]
            raise ExportError(f"无法导出 PDF：LibreOffice 转换失败（{detail[0]}）；请改为导出 Word（.docx）")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), pdf)
    return pdf


def export_pdf(report: ReportDoc, path: str | Path, *, program: str | None = None) -> Path:
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="assistant-docx-") as tmp:
        docx = export_docx(report, Path(tmp) / (path.stem + ".docx"))
        return docx_to_pdf(docx, path, program=program)
