"""Machine translation through a LibreTranslate-compatible server (off by default).

The city can host the server itself, so residents' words stay on its machines.
Configure ``MACHINE_TRANSLATION_URL`` (e.g. ``http://127.0.0.1:5050``) and,
if the server needs one, ``MACHINE_TRANSLATION_KEY``.
"""
import json
import socket
import urllib.error
import urllib.request

from flask import current_app

DEFAULT_TIMEOUT = 20


class MachineTranslationError(Exception):
    """The translation failed. ``reason`` is one of "unavailable", "timeout",
    "refused" (the server rejected the request) or "invalid" (an unexpected answer)."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class LibreTranslateBackend:
    """Client of ``POST /translate`` (q, source, target, format, api_key)."""

    def __init__(self, url, api_key=None, timeout=DEFAULT_TIMEOUT):
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def translate_many(self, texts, source, target, text_format="text"):
        """Translate a list of texts in one request; returns a list of the same length."""
        texts = list(texts)
        if not texts:
            return []
        payload = {"q": texts, "source": source, "target": target, "format": text_format}
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self._post(payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise MachineTranslationError("invalid", "no translatedText in the answer")
        if not all(isinstance(text, str) for text in translated):
            raise MachineTranslationError("invalid", "translatedText is not text")
        return translated

    def translate(self, text, source, target, text_format="text"):
        return self.translate_many([text], source, target, text_format)[0]

    def _post(self, payload):
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            detail = _error_detail(error)
            reason = "refused" if 400 <= error.code < 500 else "unavailable"
            raise MachineTranslationError(reason, f"HTTP {error.code} {detail}".strip()) from None
        except TimeoutError:
            raise MachineTranslationError("timeout", f"no answer within {self.timeout} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise MachineTranslationError("timeout", f"no answer within {self.timeout} s") from None
            raise MachineTranslationError("unavailable", str(error.reason)) from None
        except OSError as error:
            raise MachineTranslationError("unavailable", str(error)) from None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise MachineTranslationError("invalid", "the answer is not JSON") from None


def _error_detail(error):
    try:
        data = json.loads(error.read().decode("utf-8"))
        return str(data.get("error", ""))[:200] if isinstance(data, dict) else ""
    except (OSError, ValueError):
        return ""


def machine_translator():
    """The configured backend, or None when machine translation is off."""
    url = current_app.config.get("MACHINE_TRANSLATION_URL")
    if not url:
        return None
    return LibreTranslateBackend(
        url,
        api_key=current_app.config.get("MACHINE_TRANSLATION_KEY") or None,
        timeout=current_app.config.get("MACHINE_TRANSLATION_TIMEOUT", DEFAULT_TIMEOUT),
    )


def machine_translation_enabled():
    return bool(current_app.config.get("MACHINE_TRANSLATION_URL"))


# --- services ------------------------------------------------------------------

def _pieces(value):
    """The texts inside a value of any shape, in order."""
    if isinstance(value, str):
        return [value]
    texts = []
    for entry in value or []:
        if isinstance(entry, str):
            texts.append(entry)
        elif entry.get("type") == "list":
            texts.extend(entry.get("items", []))
        else:
            texts.append(entry.get("text", ""))
    return texts


def _rebuild(value, texts):
    """``value`` with its texts replaced, in order, by ``texts``."""
    texts = iter(texts)
    if isinstance(value, str):
        return next(texts)
    rebuilt = []
    for entry in value:
        if isinstance(entry, str):
            rebuilt.append(next(texts))
        elif entry.get("type") == "list":
            rebuilt.append({"type": "list", "items": [next(texts) for _ in entry.get("items", [])]})
        else:
            rebuilt.append({"type": "paragraph", "text": next(texts)})
    return rebuilt


def machine_translate_entity(entity, language, backend):
    """Translate automatically, from the language of its original, the fields of ``entity``
    still missing in ``language`` and cache them as automatic translations. Flushes, never commits.

    Returns the number of fields translated; raises MachineTranslationError
    (nothing stored) or TranslationError.
    """
    from .services import (
        TranslationError,
        entity_type_of,
        fields_of,
        save_translation,
        show,
        source_language_of,
        target_languages_of,
    )

    if language not in target_languages_of(entity):
        raise TranslationError(f"{language!r} is not a translation language")
    missing = [
        name for name in fields_of(entity_type_of(entity))
        if show(entity, name, language).is_fallback
    ]
    originals = [getattr(entity, name) for name in missing]
    texts = [text for value in originals for text in _pieces(value)]
    translated = backend.translate_many(texts, source_language_of(entity), language) if texts else []
    position = 0
    for name, original in zip(missing, originals, strict=True):
        count = len(_pieces(original))
        save_translation(entity, name, language, _rebuild(original, translated[position:position + count]), is_machine=True)
        position += count
    return len(missing)


def machine_translate_text(text, source_language, target_language, backend):
    """The automatic translation of any text (a comment, a proposal), cached by
    the text's hash and the language pair. Flushes, never commits; raises MachineTranslationError."""
    from sqlalchemy import select

    from ..extensions import db
    from .models import MachineTranslation
    from .services import source_hash

    key = source_hash(text)
    cached = db.session.scalar(
        select(MachineTranslation).where(
            MachineTranslation.source_hash == key,
            MachineTranslation.source_language == source_language,
            MachineTranslation.target_language == target_language,
        )
    )
    if cached is not None:
        return cached.text
    result = backend.translate(text, source_language, target_language)
    db.session.add(MachineTranslation(
        source_hash=key, source_language=source_language, target_language=target_language, text=result
    ))
    db.session.flush()
    return result
