"""A real SMTP server on localhost (aiosmtpd, in a thread of the test process) that collects mail.

Tests point the portal's mailer at it (in-process with `smtp_settings`, or a child worker with
EMAIL_URL) and read what actually crossed the wire. A gate can hold one message in the middle
of its SMTP conversation so a test can kill the sending worker at a chosen moment:

- ``hold="rcpt"``: the n-th message waits before RCPT TO is answered; the server has not got
  the message, so killing the worker now is a crash *before* "SMTP accepted";
- ``hold="data"``: the n-th message is received and recorded, then the final 250 reply waits;
  killing the worker now is a crash in the window between "SMTP accepted" and "row marked sent".
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.queue import free_port

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def to(self) -> str:
        return self.envelope_to[0]

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None, "the message has no plain-text part"
        return str(part.get_content())

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return "" if part is None else str(part.get_content())

    @property
    def everything(self) -> str:
        """Headers and every decoded part: for asserting that something appears nowhere."""
        parts = [str(value) for value in self.message.values()]
        for part in self.message.walk():
            if part.get_content_maintype() == "text":
                parts.append(str(part.get_content()))
        return "\n".join(parts)


@dataclass
class Gate:
    """Holds the n-th message (counted from 1) at one point of its conversation."""

    hold: str  # "rcpt" or "data"
    number: int
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    seen: int = 0

    async def wait(self, point: str) -> None:
        if point != self.hold:
            return
        self.seen += 1
        if self.seen != self.number:
            return
        self.reached.set()
        while not self.released.is_set():
            await asyncio.sleep(0.05)


class CollectingHandler:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.gate: Gate | None = None
        self.refuse: Callable[[str], str | None] | None = None

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse is not None and (answer := self.refuse(address)):
            return answer
        if self.gate is not None:
            await self.gate.wait("rcpt")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), parsed))
        if self.gate is not None:
            await self.gate.wait("data")
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self) -> None:
        self.handler = CollectingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def to(self, address: str) -> list[Received]:
        return [message for message in self.received if address in message.envelope_to]

    def hold(self, hold: str, number: int) -> Gate:
        self.handler.gate = Gate(hold=hold, number=number)
        return self.handler.gate

    def refuse_with(self, answer: Callable[[str], str | None] | None) -> None:
        """answer(address) returns an SMTP reply to refuse RCPT TO with, or None to accept."""
        self.handler.refuse = answer

    def wait_for(self, count: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return True
            time.sleep(0.1)
        return False


@contextmanager
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.controller.start()
    try:
        yield server
    finally:
        if server.handler.gate is not None:
            server.handler.gate.released.set()
        server.controller.stop()
