"""A tiny IMAP4rev1 server for the tests (RFC 3501's commands imap-tools uses to poll a mailbox:
CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH, UID STORE +FLAGS, LOGOUT), over plain TCP."""

import re
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Mail:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class Mailbox:
    def __init__(self, user: str = "jobs@example.com", password: str = "secret") -> None:
        self.user, self.password = user, password
        self.mails: list[Mail] = []
        self.commands: list[str] = []

    def deliver(self, raw: bytes) -> Mail:
        mail = Mail(uid=len(self.mails) + 1, raw=raw)
        self.mails.append(mail)
        return mail


class _Handler(socketserver.StreamRequestHandler):
    def send(self, line: str | bytes) -> None:
        self.wfile.write(line if isinstance(line, bytes) else line.encode())

    def handle(self) -> None:
        box: Mailbox = self.server.mailbox
        self.send("* OK [CAPABILITY IMAP4rev1] fake IMAP ready\r\n")
        while line := self.rfile.readline():
            tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _, args = rest.partition(" ")
            box.commands.append(f"{command.upper()} {args}".strip())
            if not self.answer(box, tag, command.upper(), args):
                return

    def answer(self, box: Mailbox, tag: str, command: str, args: str) -> bool:
        if command == "CAPABILITY":
            self.send(f"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n")
        elif command == "LOGIN":
            user, password = [part.strip('"') for part in args.split(" ", 1)]
            ok = (user, password) == (box.user, box.password)
            self.send(f"{tag} OK logged in\r\n" if ok else f"{tag} NO [AUTHENTICATIONFAILED] bad login\r\n")
        elif command == "SELECT":
            self.send(
                f"* {len(box.mails)} EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\n{tag} OK [READ-WRITE] selected\r\n"
            )
        elif command == "UID":
            self.uid(box, tag, args)
        elif command == "LOGOUT":
            self.send(f"* BYE bye\r\n{tag} OK bye\r\n")
            return False
        else:
            self.send(f"{tag} OK done\r\n")
        return True

    def uid(self, box: Mailbox, tag: str, args: str) -> None:
        sub, _, rest = args.partition(" ")
        sub = sub.upper()
        if sub == "SEARCH":
            unseen = [str(mail.uid) for mail in box.mails if "\\Seen" not in mail.flags]
            self.send(f"* SEARCH {' '.join(unseen)}\r\n{tag} OK search done\r\n")
            return
        uids = {int(uid) for uid in re.match(r"([\d,]+)", rest).group(1).split(",")}
        for index, mail in enumerate(box.mails, start=1):
            if mail.uid not in uids:
                continue
            if sub == "STORE":
                mail.flags |= set(re.findall(r"\\\w+", rest))
                self.send(f"* {index} FETCH (UID {mail.uid} FLAGS ({' '.join(sorted(mail.flags))}))\r\n")
            else:  # FETCH
                flags = " ".join(sorted(mail.flags))
                head = f"* {index} FETCH (UID {mail.uid} RFC822.SIZE {len(mail.raw)} FLAGS ({flags}) BODY[] {{{len(mail.raw)}}}\r\n"
                self.send(head.encode() + mail.raw + b")\r\n")
        self.send(f"{tag} OK {sub.lower()} done\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def start_imap(mailbox: Mailbox) -> _Server:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.mailbox = mailbox
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
