"""A TCP proxy the test controls, between the application and the broker or the database.

Faults are made here, never by stopping the machine's shared services: `cut()` closes
every connection through the proxy and refuses new ones (each is accepted and closed at
once, as a crashed or unreachable service looks to a client); `restore()` lets them
through again. Loopback only; threads, one pair a connection.

    proxy = TcpProxy("127.0.0.1", 5672).start()
    url = f"amqp://guest:guest@127.0.0.1:{proxy.port}//"
    proxy.cut(); ...; proxy.restore(); ...; proxy.stop()
"""

from __future__ import annotations

import socket
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        if target_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("The test proxy forwards to loopback only")
        self.target = (target_host, target_port)
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._cut = False
        self._stopped = False
        self.accepted = 0  # connections accepted in all (cut or not)

    @property
    def port(self) -> int:
        assert self._listener is not None, "start() the proxy first"
        return self._listener.getsockname()[1]

    def start(self) -> TcpProxy:
        self._listener = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._accept, name=f"proxy-{self.target[1]}", daemon=True).start()
        return self

    def cut(self) -> None:
        """Close every connection through the proxy; refuse new ones until restore()."""
        with self._lock:
            self._cut = True
            live = list(self._open)
        for sock in live:
            _close(sock)

    def restore(self) -> None:
        with self._lock:
            self._cut = False

    @property
    def is_cut(self) -> bool:
        return self._cut

    def stop(self) -> None:
        self._stopped = True
        self.cut()
        if self._listener is not None:
            _close(self._listener)

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self.accepted += 1
            if self._cut:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._cut:
                    _close(client)
                    _close(upstream)
                    continue
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
