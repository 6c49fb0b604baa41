"""Reviewer mode on real reports (tests/real): a real pair of years is paired and its own rules raise nothing there —
a 表四 of zeros (no 复议 or 诉讼 at all) is common, a table the checker doubts is not judged again — and the sentence
comparison counts a sentence with new figures as repeated, a reworded one not."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.review import review
from assistant.review.yoy import repeated, sentences

REAL = Path(__file__).parent / "real"


def test_real_reports_give_no_review_findings(tmp_path):
    this, last = tmp_path / "2020", tmp_path / "2019"
    this.mkdir()
    last.mkdir()
    for name in ("2020_平潭综合实验区管委会.txt", "2020_微山县两城镇人民政府.txt", "2020_开阳县冯三镇人民政府.txt"):
        shutil.copy(REAL / name, this)
    for name in ("2019_平潭综合实验区管委会.txt", "2019_北京市通州区某局.txt"):
        shutil.copy(REAL / name, last)
    result = review([this], out=tmp_path / "审阅", last_year=[last], jobs=1)
    assert len(result.pairing.pairs) == 1
    paired = result.agency("平潭综合实验区管委会")
    assert paired is not None and paired.last is not None and paired.last.year == 2019
    own = [(a.label, i.finding.rule) for a in result.agencies for i in a.items
           if i.source != "本年检查"]
    assert own == []
    assert any(i.finding.rule == "t3.result_total" for i in paired.items)  # the checker still says what it found


def test_near_verbatim_sentences():
    last = sentences("全年新收政府信息公开申请 35 件，均在法定期限内答复。（一）主动公开\n严格落实公开前保密审查制度。", 8)
    assert len(last) == 2  # the heading line is not a sentence
    this = ["全年新收政府信息公开申请 41 件，均在法定期限内答复。", "严格落实公开前保密审查制度，定期清理过时信息。",
            "建立信息发布三级审核流程，动态更新公开指南和目录。"]
    assert repeated(this, last, 0.9) == [this[0]]
    assert repeated(this, last, 0.7) == this[:2]
