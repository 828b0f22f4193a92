"""An HTTP route's handler called in the test's own process, without a socket.

The generated-input tests send 1,000 and more bodies to a route. Over HTTP each costs a
connection, a server thread and a session look-up (~15 ms); what they test is the handler's
code: that it answers every input with a 200 or a JSON 4xx and never raises (a raised
exception is the server's 5xx). ``call_route`` finds the endpoint in Odoo's own routing map
for the path (so the controller class that really serves it, with every override of the
installed addons) and calls it as the dispatcher does, with a request of the route's
``auth="public"`` user, the body and headers given and the client address 127.0.0.1.
Anything it raises propagates: stricter than HTTP, where Odoo would turn some exceptions
into 4xx answers. The tests keep a sample of the same inputs over real HTTP.
"""

import json
import threading

import werkzeug.test
import werkzeug.wrappers

from odoo import api, http


class _Request:
    """The part of odoo.http.Request that the Fuxi station routes use."""

    make_response = http.Request.make_response
    make_json_response = http.Request.make_json_response

    def __init__(self, env, httprequest):
        self.env = env
        self.httprequest = httprequest
        self.params = {}

    @property
    def registry(self):
        return self.env.registry

    @property
    def db(self):
        return self.env.cr.dbname


class Answer:
    """What a test reads from requests' Response: status_code, headers, text, json()."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = response.get_data(as_text=True)

    def json(self):
        return json.loads(self.text)


def call_route(env, path, data=b"", headers=None):
    """POST ``data`` to ``path``'s handler in this process; an Answer."""
    if isinstance(data, str):
        data = data.encode()
    thread = threading.current_thread()
    if not getattr(thread, "dbname", None):
        thread.dbname = env.cr.dbname  # ir.http.routing_map reads it
    rule, args = (
        env["ir.http"].routing_map().bind("localhost").match(path, method="POST", return_rule=True)
    )
    environ = werkzeug.test.EnvironBuilder(
        path=path,
        method="POST",
        data=data,
        headers=headers or {},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    ).get_environ()
    public_uid = env["ir.model.data"]._xmlid_to_res_id("base.public_user")
    request = _Request(api.Environment(env.cr, public_uid, {}), werkzeug.wrappers.Request(environ))
    env.flush_all()
    http._request_stack.push(request)
    try:
        # a failed request's writes are rolled back, a served one's kept: as a test server does
        with env.cr.savepoint():
            response = rule.endpoint(**args)
    finally:
        http._request_stack.pop()
        env.invalidate_all()
    return Answer(response)
