"""Where a patient's answers lead, from questions.yaml alone (no Flask, no database):
the route through the pages, the red flags raised, the summary, the path lengths."""
