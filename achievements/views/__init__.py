"""Achievement, disclosure and import pages; thin: querysets decide access, services act."""
