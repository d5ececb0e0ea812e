"""WSGI entry serving one site on any host name (e.g. http://127.0.0.1:8000), with /assets and /files
(files served with a sandboxing Content-Security-Policy: party_building.core.uploads.file_headers).

cd <bench>/sites && PB_SITE=pb.localhost gunicorn -b 127.0.0.1:8000 party_building.wsgi:application
"""

import os

import frappe.app

from party_building.core.uploads import file_headers

frappe.app._site = os.environ.get("PB_SITE") or None
application = file_headers(frappe.app.application_with_statics())
