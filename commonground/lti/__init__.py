"""Launching the course from an organisation's learning management system (LTI 1.3).

``keys`` (the course's own signing keys), ``settings`` (where they live, the course's
LTI addresses), ``registry`` (platforms from a file), ``launch`` (checking a launch and
deciding who signs in where), ``handlers`` (the pages under ``commonground serve``),
``dynamic`` (LTI Dynamic Registration), ``cli`` (``commonground lti ...``)."""
