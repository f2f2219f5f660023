"""A unix socket in front of the daemon's: every byte is forwarded unchanged, and a subclass sees each chunk of
the requests that pass (to record them, or to act the moment one reaches the daemon)."""

import os
import socket
import threading


class SocketProxy:

    def __init__(self, path, daemon_socket):
        self.path = path
        self.host = 'unix://' + path
        self.daemon_socket = daemon_socket
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if os.path.exists(path):
            os.unlink(path)
        self._listener.bind(path)
        self._listener.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def on_request(self, data):
        """Called with each chunk a client sends, before it is forwarded."""

    def _accept(self):
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.daemon_socket)
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source, target, requests):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if requests:
                    self.on_request(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self._listener.close()
