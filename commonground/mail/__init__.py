"""Email from the course: the relay's settings (:mod:`.settings`), sending through it
(:mod:`.relay`) and each person's link by email (:mod:`.links`). Facilitator side only:
never imported by a trainee's page."""
