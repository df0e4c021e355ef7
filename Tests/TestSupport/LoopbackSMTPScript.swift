/// The Python script behind `LoopbackSMTPServer`.
enum LoopbackSMTPScript {
    /// An aiosmtpd server (Debian's python3-aiosmtpd): `server.py RECORDS PORT`.
    static let source = #"""
"""A loopback SMTP server for handoff's tests (aiosmtpd).

Usage: server.py FOLDER PORT  (PORT 0 picks a free one). Prints the port on stdout once
it listens. Each message becomes FOLDER/mail-NNNNNN.json ({"from", "recipients", "raw"
base64}), written to a temporary name and renamed. While FOLDER/failing holds an SMTP reply
("451 4.3.0 try later"), DATA is answered with it. Exits when stdin reaches EOF or its parent
process dies, so a crashed test run leaves no listener.
"""
import asyncio, base64, json, os, socket, sys, threading, time
from aiosmtpd.smtp import SMTP

folder, port = sys.argv[1], int(sys.argv[2])

class Recorder:
    def __init__(self):
        self.count = len([n for n in os.listdir(folder) if n.startswith("mail-")])

    async def handle_DATA(self, server, session, envelope):
        try:
            with open(os.path.join(folder, "failing")) as f:
                return f.read().strip()
        except FileNotFoundError:
            pass
        self.count += 1
        name = os.path.join(folder, "mail-%06d.json" % self.count)
        record = {"from": envelope.mail_from, "recipients": envelope.rcpt_tos,
                  "raw": base64.b64encode(envelope.original_content).decode("ascii")}
        with open(name + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 stored"

async def main():
    exit_with_parent()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    recorder = Recorder()
    # An explicit hostname: aiosmtpd's default, socket.getfqdn(), can wait on DNS.
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(recorder, hostname="handoff-test-smtp"), sock=listener)
    print(listener.getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"""#
}
