"""Time of the claim extractor and the draft guard on long inputs (prints figures; no pass/fail)."""

from __future__ import annotations

import time

from assistant.claims import claims_in
from assistant.drafting.numbers import Backing, guard

INPUTS = {
    "一句 20000 个数字": "1 " * 20000,
    "5000 个分句": "新收申请 1 件，" * 5000,
    "长中文数字串": "第" + "一" * 20000,
    "1 MB 正文": ("全年主动公开政府信息 1520 条，其中政策解读 86 篇。新收政府信息公开申请 37 件，较上年增加 5 件。" * 20000)[:1_000_000],
}


def main() -> None:
    backing = Backing(report_year=2023)
    backing.add_text("全年主动公开政府信息 1520 条，其中政策解读 86 篇；新收政府信息公开申请 37 件", "事实")
    for name, text in INPUTS.items():
        t = time.perf_counter()
        n = len(claims_in(text))
        t1 = time.perf_counter() - t
        t = time.perf_counter()
        g = guard(text, backing)
        t2 = time.perf_counter() - t
        print(f"{name}：{len(text)} 字，{n} 个说法，提取 {t1:.2f} 秒，核对 {t2:.2f} 秒（无依据 {len(g.unverified)} 个）")


if __name__ == "__main__":
    main()
