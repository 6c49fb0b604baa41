"""Evaluation harnesses: retrieval (labelled queries) and, later, drafting."""
