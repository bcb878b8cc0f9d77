"""A fake coursekit handed in next to the notebook: it must never be imported by the grader."""
raise SystemExit("the fake coursekit package was imported")
