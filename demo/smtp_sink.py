"""A real local SMTP server that stores every message it receives as an .eml file.

Used by ``make demo`` (mail lands in .demo/mail/) and by the end-to-end tests.
Run standalone: python demo/smtp_sink.py DIRECTORY [--port 1025]
"""
import argparse
import itertools
import socket
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            name = "{}-{:05d}.eml".format(time.strftime("%Y%m%d-%H%M%S"), next(self._counter))
        path = self.directory / name
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(path)  # readers never see half-written messages
        return "250 Message accepted for delivery"


def free_port(host="127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def start_sink(directory, host="127.0.0.1", port=0) -> Controller:
    """Starts the server in a background thread; ``port=0`` picks a free port (see ``.port``)."""
    controller = Controller(MaildirHandler(directory), hostname=host, port=port or free_port(host))
    controller.start()
    return controller


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    args = parser.parse_args()
    controller = start_sink(args.directory, args.host, args.port)
    print(f"SMTP sink on {args.host}:{controller.port}, storing mail in {args.directory}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
