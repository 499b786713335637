"""The data layer: the course database, its migrations and the one owner of each table.

Every read and write of a table goes through its owner module (``_schema.OWNERS``;
``tests/test_architecture.py`` enforces it). Nothing here imports widgets or the server.
"""
