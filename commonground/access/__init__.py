"""Who someone is: the personal link a request carries, what the server tells a kernel,
and the identity a page decides from them.
"""
