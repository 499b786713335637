"""What a course page knows, without widgets: its session (who it is for, the store),
the request that opened it, and the models the views in ``widgets`` draw.
"""
