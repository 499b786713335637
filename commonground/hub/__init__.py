"""Common Ground on JupyterHub.

Each trainee's hub server is the course itself (:mod:`commonground.hub.server`: the
course's Voila behind the hub's own OAuth, pages only, no code), their cohort and role
come from hub groups ``cohort-<slug>`` and ``facilitators-<slug>``
(:mod:`commonground.hub.groups`, checked at every page by :mod:`commonground.hub.access`
and copied in bulk by ``commonground hub sync``), and a cohort's personal links log
people in to the hub (:mod:`commonground.hub.authenticator`). Nothing here is imported
by a trainee's kernel.
"""

__all__: list[str] = []
