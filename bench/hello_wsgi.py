"""The reference of figure 4: the smallest WSGI application, served by the same gunicorn
settings as the app (``gunicorn --chdir bench hello_wsgi:application --workers 2``)."""

BODY = b'{"hello": "world"}'


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(BODY)))])
    return [BODY]
