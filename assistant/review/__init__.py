"""Reviewer mode: a whole region's reports at once — year over year, parent against children, risk indicators,
findings confirmed or dismissed, and the outputs a reviewer sends on (see run.py for the flow)."""

from .run import AgencyReview, Item, ReviewResult, review

__all__ = ["AgencyReview", "Item", "ReviewResult", "review"]
