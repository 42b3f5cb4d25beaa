"""The rules of a workshop, as plain Python.

Nothing in this package imports Flask, Flask-SocketIO or SQLAlchemy: it works on
plain values so that it can be tested directly and reused by the API, the socket
handlers, the exports and the CLI alike.
"""
