"""What clinic staff triage on: the synopsis at the top of a submission, the body map
and the distribution pattern of the regions reported.

Staff-only by construction: nothing under screener/patient imports this package, and a
test renders every patient page, summary and PDF to prove none of it reaches them.
"""
