"""Machine translation against a small local server speaking the LibreTranslate API."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.translations.machine import (
    LibreTranslateBackend,
    MachineTranslationError,
    machine_translate_text,
)
from participation.translations.models import ContentTranslation, MachineTranslation
from participation.translations.services import translated


class FakeLibreTranslate:
    """``POST /translate``: answers ``[target] text``; its mode can make it fail or hang."""

    def __init__(self):
        self.requests = []
        self.mode = "ok"
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((self.path, body))
                if server.mode == "hang":
                    server.release.wait(10)
                    return
                if server.mode == "error":
                    return self._send(500, {"error": "Model crashed"})
                if server.mode == "forbidden":
                    return self._send(403, {"error": "Invalid API key"})
                if server.mode == "garbage":
                    return self._send(200, {"something": "else"})
                texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
                result = [f"[{body['target']}] {text}" for text in texts]
                self._send(200, {"translatedText": result if isinstance(body["q"], list) else result[0]})

            def _send(self, status, data):
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    with FakeLibreTranslate() as fake:
        yield fake


def test_backend_sends_the_libretranslate_request(server):
    backend = LibreTranslateBackend(server.url + "/", api_key="secret", timeout=5)
    assert backend.translate("Ciao", "it", "en") == "[en] Ciao"
    path, body = server.requests[0]
    assert path == "/translate"
    assert body == {"q": ["Ciao"], "source": "it", "target": "en", "format": "text", "api_key": "secret"}


def test_backend_translates_many_texts_in_one_request(server):
    backend = LibreTranslateBackend(server.url)
    assert backend.translate_many(["uno", "due"], "it", "fr") == ["[fr] uno", "[fr] due"]
    assert len(server.requests) == 1 and "api_key" not in server.requests[0][1]


@pytest.mark.parametrize(
    ("mode", "reason", "detail"),
    [("error", "unavailable", "Model crashed"), ("forbidden", "refused", "Invalid API key"),
     ("garbage", "invalid", "translatedText")],
)
def test_backend_errors(server, mode, reason, detail):
    server.mode = mode
    with pytest.raises(MachineTranslationError) as caught:
        LibreTranslateBackend(server.url).translate("Ciao", "it", "en")
    assert caught.value.reason == reason and detail in caught.value.detail


def test_backend_gives_up_when_the_server_does_not_answer(server):
    server.mode = "hang"  # the server holds the request until the test ends
    with pytest.raises(MachineTranslationError) as caught:
        LibreTranslateBackend(server.url, timeout=0.2).translate("Ciao", "it", "en")
    assert caught.value.reason == "timeout"


def test_backend_reports_an_unreachable_server(server):
    url = server.url
    server.httpd.server_close()  # nothing listens on that port any more
    with pytest.raises(MachineTranslationError) as caught:
        LibreTranslateBackend(url, timeout=2).translate("Ciao", "it", "en")
    assert caught.value.reason in ("unavailable", "timeout")


def test_free_text_translations_are_cached(app, server):
    backend = LibreTranslateBackend(server.url)
    assert machine_translate_text("Buongiorno", "it", "uk", backend) == "[uk] Buongiorno"
    assert machine_translate_text("Buongiorno", "it", "uk", backend) == "[uk] Buongiorno"
    assert len(server.requests) == 1
    assert db.session.scalar(select(func.count()).select_from(MachineTranslation)) == 1


# --- the button on programme pages ------------------------------------------------

@pytest.fixture
def configured(app, server):
    app.config["MACHINE_TRANSLATION_URL"] = server.url
    app.config["MACHINE_TRANSLATION_TIMEOUT"] = 0.5
    return server


BUTTON = "Translate into English"


def test_no_button_when_machine_translation_is_off(client, item):
    assert BUTTON not in client.get("/en/items/biciplan").get_data(as_text=True)
    assert client.post(f"/en/translations/item/{item.id}/automatic").status_code == 404


def test_button_translates_the_missing_fields_and_caches_them(client, item, configured):
    page = client.get("/en/items/biciplan").get_data(as_text=True)
    assert BUTTON in page and f'action="/en/translations/item/{item.id}/automatic"' in page
    response = client.post(f"/en/translations/item/{item.id}/automatic")
    assert response.status_code == 303 and response.headers["Location"] == "/en/items/biciplan"
    assert translated(item, "title", "en") == ("[en] Biciplan", "en")
    blocks = translated(item, "macro_actions", "en")[0]
    assert len(blocks) == len(item.macro_actions) and blocks[0]["text"].startswith("[en] ")
    assert len(configured.requests) == 1  # every piece of text in one request
    assert configured.requests[0][1]["q"][:2] == ["Biciplan", item.objective]
    rows = db.session.scalars(select(ContentTranslation)).all()
    assert len(rows) == 3 and all(row.is_machine for row in rows)
    html = client.get("/en/items/biciplan").get_data(as_text=True)
    assert "<h1>[en] Biciplan</h1>" in html
    assert html.count("Automatic translation") == 3 and BUTTON not in html
    assert 'href="/en/items/biciplan?original=1">Show original</a>' in html
    original = client.get("/en/items/biciplan?original=1").get_data(as_text=True)
    assert '<h1 lang="it">Biciplan</h1>' in original and "Show automatic translation" in original


def test_button_only_fills_what_is_missing(client, item, configured):
    from participation.translations.services import save_translation

    save_translation(item, "title", "en", "Cycling plan")
    db.session.commit()
    client.post(f"/en/translations/item/{item.id}/automatic")
    assert translated(item, "title", "en") == ("Cycling plan", "en")
    assert translated(item, "objective", "en")[0].startswith("[en] ")


@pytest.mark.parametrize(
    ("mode", "message"),
    [("error", "The translation service is not available at the moment."),
     ("hang", "The translation service did not answer in time.")],
)
def test_a_failing_service_gives_a_clear_message_and_changes_nothing(client, item, configured, mode, message):
    configured.mode = mode
    response = client.post(f"/en/translations/item/{item.id}/automatic")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in html
    assert db.session.scalar(select(func.count()).select_from(ContentTranslation)) == 0


def test_italian_pages_cannot_be_machine_translated(client, item, configured):
    assert "Translate into" not in client.get("/it/items/biciplan").get_data(as_text=True)
    assert client.post(f"/it/translations/item/{item.id}/automatic").status_code == 404
