#!/usr/bin/env python3
# A TCP forwarder for tests: listens on 127.0.0.1 (port 0), prints "listening on PORT",
# and sends each new connection to the port written in TARGET_FILE at the time it is
# accepted (connections already open stay where they are). A test moves a client from one
# emulator to another by rewriting the file and stopping the first. Stops by itself after
# LIFETIME seconds.
#   switch_proxy.py TARGET_FILE [LIFETIME]
import socket, sys, threading, time

target_file = sys.argv[1]
lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 120

def pump(src, dst):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

def serve(client):
    try:
        port = int(open(target_file).read().strip())
        up = socket.create_connection(("127.0.0.1", port))
    except (OSError, ValueError):
        client.close()
        return
    threading.Thread(target=pump, args=(client, up), daemon=True).start()
    threading.Thread(target=pump, args=(up, client), daemon=True).start()

ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(64)
print("listening on %d" % ls.getsockname()[1], flush=True)
threading.Thread(target=lambda: (time.sleep(lifetime), sys.exit(0)), daemon=True).start()
deadline = time.time() + lifetime
ls.settimeout(0.5)
while time.time() < deadline:
    try:
        c, _ = ls.accept()
    except socket.timeout:
        continue
    serve(c)
