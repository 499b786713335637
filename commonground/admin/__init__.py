"""The administrator's commands: the ``commonground`` command line, cohorts, rosters,
link files, the database's data format and the room.
"""
