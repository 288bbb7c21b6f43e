"""An HTTP client with the little of Flask's test client that PatientWalk uses, so the
same simulated patient can walk a real server. It adds the CSRF token to each POST,
as the browser's form would."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import httpx

#: The CSRF token, as the patient pages and as WTForms (staff pages) write it.
_TOKEN = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


class HttpResponse:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.headers = response.headers
        self.text = response.text

    def get_data(self, as_text: bool = False) -> str:
        return self.text


class HttpClient:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, follow_redirects=False, timeout=60)
        self.token: str | None = None
        #: Every status code received, to count server errors.
        self.statuses: list[int] = []

    def _seen(self, response: httpx.Response) -> HttpResponse:
        self.statuses.append(response.status_code)
        found = _TOKEN.search(response.text)
        if found:
            self.token = found[1]
        return HttpResponse(response)

    def get(self, url: str) -> HttpResponse:
        return self._seen(self.http.get(url))

    def post(self, url: str, data: Mapping[str, Any] | None = None) -> HttpResponse:
        fields = {**(data or {}), "csrf_token": self.token or ""}
        return self._seen(self.http.post(url, data=fields))

    def close(self) -> None:
        self.http.close()
