"""Reading the outbox in tests: the mail a person would receive, the links in it, and an SMTP sink."""
import re
import socketserver
import threading
import time
from email import message_from_bytes, policy
from urllib.parse import urlsplit

from sqlalchemy import select

from participation.core.mail import OutboxMessage
from participation.extensions import db


def mails_to(address):
    """Every queued message to ``address``, oldest first."""
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient_email == address).order_by(OutboxMessage.id)
    ).all()


def last_mail_to(address):
    messages = mails_to(address)
    assert messages, f"no mail to {address}"
    return messages[-1]


def link_path(message):
    """The path of the first link in a message (what the test client can open)."""
    match = re.search(r"https?://\S+", message.text_body)
    assert match, message.text_body
    return urlsplit(match.group(0)).path


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every accepted message goes to ``server.received``."""

    def handle(self):
        server = self.server
        self.wfile.write(b"220 sink ESMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.strip().upper()
            if command.startswith((b"EHLO", b"HELO")):
                self.wfile.write(b"250 sink\r\n")
            elif command.startswith(b"RCPT TO:"):
                address = line.strip()[len(b"RCPT TO:"):].strip(b" <>").decode()
                if address in server.refuse:
                    self.wfile.write(f"550 5.1.1 <{address}>: Recipient address rejected\r\n".encode())
                else:
                    self.wfile.write(b"250 ok\r\n")
            elif command == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    data += self.rfile.readline()
                time.sleep(server.delay)
                with server.lock:
                    server.received.append(message_from_bytes(data[:-5], policy=policy.default))
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class SMTPSink:
    """A local SMTP server (127.0.0.1, a free port) keeping every message it accepts.

    ``with SMTPSink(delay=0.01, refuse={"x@example.org"}) as sink: ... sink.port ... sink.subjects()``.
    ``delay`` seconds pass before each message is accepted (a slow relay); the
    addresses in ``refuse`` get a 550 that names them, as real relays do.
    """

    def __init__(self, delay=0.0, refuse=()):
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
        self.server.daemon_threads = True
        self.server.received, self.server.lock = [], threading.Lock()
        self.server.delay, self.server.refuse = delay, set(refuse)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()

    @property
    def received(self):
        with self.server.lock:
            return list(self.server.received)

    def subjects(self):
        """The subject of every accepted message, in the order they arrived."""
        return [str(message["Subject"]) for message in self.received]
