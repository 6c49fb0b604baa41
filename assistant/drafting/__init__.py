"""Drafting the narrative sections: facts → retrieval → prompt → model → number guard (or the offline drafter)."""
