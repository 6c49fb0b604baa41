"""The fonts of a 公文 (GB/T 9704) and, for each, the fonts to use where it is missing: the names a Windows, WPS,
Kylin or UOS machine has, then the free fonts a Debian machine has (Noto CJK, AR PL).

A .docx names the official font on every run and its first fallback in the font table (w:altName, with the GB2312
charset and the font's family, which is what Word and WPS substitute by); a PDF rendered here through LibreOffice
gets the whole chain through a fontconfig file."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Font:
    name: str  # the official font, as 公文 name it
    fallbacks: tuple[str, ...]
    family: str  # w:family of the font table: roman (serif), swiss (sans), script (楷)
    generic: str  # fontconfig's generic family, the last resort: serif | sans-serif


TITLE = Font("方正小标宋简体", ("方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC",
                                "AR PL UMing CN"), "roman", "serif")
HEADING = Font("黑体", ("SimHei", "STHeiti", "Heiti SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"), "swiss", "sans-serif")
SUBHEADING = Font("楷体_GB2312", ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"), "script", "serif")
BODY = Font("仿宋_GB2312", ("仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "AR PL UMing CN"), "roman", "serif")
PAGE_NUMBER = Font("宋体", ("SimSun", "Noto Serif CJK SC", "AR PL UMing CN"), "roman", "serif")

ALL = (TITLE, HEADING, SUBHEADING, BODY, PAGE_NUMBER)


def fontconfig(fonts: tuple[Font, ...] = ALL) -> str:
    """A fontconfig file: the system's configuration, then each official font (and each fallback) preferring the
    rest of its chain."""
    aliases = []
    for font in fonts:
        chain = (font.name, *font.fallbacks)
        for k, name in enumerate(chain[:-1]):
            prefer = "".join(f"<family>{escape(n)}</family>" for n in chain[k + 1:])
            aliases.append(f'  <alias binding="same"><family>{escape(name)}</family><prefer>{prefer}</prefer>'
                           f"<default><family>{font.generic}</family></default></alias>")
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + "\n".join(aliases) + "\n</fontconfig>\n")
