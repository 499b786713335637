"""The server: ``commonground serve`` (standalone Voila with the course's settings), its
kernels, sign-in, and getting a module ready for the room.

Imported by the server process only, never by a trainee's kernel; it never imports
``widgets`` (the pages run in kernels, which :mod:`commonground.kernel` starts).
"""
