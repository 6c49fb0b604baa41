"""Claims in Chinese prose: what each number counts (subject), its value, unit, qualifier and sentence. One extractor
for drafts, facts and report prose; its vocabulary is layout data (layouts/data/claim_words.yaml)."""

from .extract import Claim, claims_in
from .numerals import cn_to_int
from .words import claim_words

__all__ = ["Claim", "claim_words", "claims_in", "cn_to_int"]
