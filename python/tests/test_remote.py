"""edit_distance.remote against edit-distance-server: the shared vectors and errors on every wire, and the service's
behaviour seen from Python (concurrent clients, a client killed mid-request, garbage frames, shutdown with requests
in flight, a corpus closed while it is queried), and the start and stop of the server.

Skipped only when no server binary exists where ``Server.start`` looks (it is built by `./build.sh Compile`, so the
Test target always runs these); every test starts the servers it needs.
"""

import gc
import os
import pathlib
import random
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from unittest import mock

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import edit_distance  # noqa: E402
from edit_distance import Match, _locate, remote  # noqa: E402
from edit_distance._validation import lone_surrogate  # noqa: E402

if __package__:
    from .test_vectors import load, text
else:
    from test_vectors import load, text

SERVER_FILES = _locate.candidates(_locate.server_file_name(), _locate.SERVER_VARIABLE)
BUILT = any(path.is_file() for path in SERVER_FILES)
NOT_BUILT = (f"edit-distance-server is not built (no {', '.join(map(str, SERVER_FILES))}); `cargo build --release` "
             "in rust/ builds it")
NO_BOUND = 0xFFFFFFFF
EXCEPTIONS = {"null": TypeError, "invalid_string": ValueError, "negative": ValueError}


class ServerCase(unittest.TestCase):
    """One server for the class, and a client per wire."""

    @classmethod
    def setUpClass(cls):
        cls.server = remote.Server.start()
        cls.clients = {wire: remote.connect(cls.server.address, wire, timeout=60) for wire in remote.WIRES}

    @classmethod
    def tearDownClass(cls):
        for client in cls.clients.values():
            client.close()
        cls.server.stop()


@unittest.skipUnless(BUILT, NOT_BUILT)
class Vectors(ServerCase):
    def test_distance(self):
        for wire, client in self.clients.items():
            for strategy in remote.STRATEGIES:
                cases = load("distance.json")
                for case in cases:
                    with self.subTest(wire=wire, strategy=strategy, case=case["name"]):
                        a, b, expected = case["a"], case["b"], case["distance"]
                        self.assertEqual(client.distance(a, b, strategy=strategy), expected)
                        self.assertEqual(client.distance(b, a, strategy=strategy), expected)
                with self.subTest(wire=wire, strategy=strategy, batch=True):
                    pairs = [(case["a"], case["b"]) for case in cases]
                    self.assertEqual(client.distance_batch(pairs, strategy=strategy), [c["distance"] for c in cases])

    def test_bounded(self):
        for wire, client in self.clients.items():
            for strategy in remote.STRATEGIES:
                for case in load("bounded.json"):
                    with self.subTest(wire=wire, strategy=strategy, case=case["name"]):
                        a, b, bound, expected = case["a"], case["b"], case["max_distance"], case["expected"]
                        self.assertEqual(client.distance(a, b, bound, strategy=strategy), expected)
                        self.assertEqual(client.distance_batch([(b, a)], bound, strategy=strategy), [expected])

    def test_nearest(self):
        for wire, client in self.clients.items():
            for strategy in remote.STRATEGIES:
                for case in load("nearest.json"):
                    with self.subTest(wire=wire, strategy=strategy, case=case["name"]):
                        query, entries, k, bound = case["query"], case["corpus"], case["k"], case["max_distance"]
                        expected = [Match(item["index"], item["distance"]) for item in case["expected"]]
                        self.assertEqual(client.nearest(query, entries, k, bound, strategy=strategy), expected)
                        with client.corpus(entries) as corpus:
                            self.assertEqual(len(corpus), len(entries))
                            self.assertEqual(corpus.nearest(query, k, bound, strategy=strategy, threads=2), expected)
                            self.assertEqual(client.nearest(query, corpus, k, bound, strategy=strategy), expected)

    def test_errors(self):
        for wire, client in self.clients.items():
            for strategy in remote.STRATEGIES:
                for case in load("errors.json"):
                    for description, call in self.calls(client, case, strategy):
                        with self.subTest(wire=wire, strategy=strategy, case=case["name"], call=description):
                            with self.assertRaises(EXCEPTIONS[case["error"]]) as raised:
                                call()
                            with self.assertRaises(EXCEPTIONS[case["error"]]) as pure:
                                self.pure_call(case, strategy)
                            # The pure-Python package's words exactly (they name the argument, entry and index).
                            self.assertEqual(str(raised.exception), str(pure.exception))
            client.ping()  # None of it broke the connection.

    @staticmethod
    def calls(client, case, strategy):
        if case["call"] == "distance":
            a, b, bound = text(case["a"]), text(case["b"]), case.get("max_distance")
            yield "distance", lambda: client.distance(a, b, bound, strategy=strategy)
            return
        query, entries, k, bound = text(case["query"]), text(case["corpus"]), case["k"], case.get("max_distance")
        yield "nearest", lambda: client.nearest(query, entries, k, bound, strategy=strategy)
        if case["argument"] != "corpus":
            corpus = client.corpus(entries)
            yield "RemoteCorpus.nearest", lambda: corpus.nearest(query, k, bound, strategy=strategy)

    @staticmethod
    def pure_call(case, strategy):
        if case["call"] == "distance":
            edit_distance.distance(text(case["a"]), text(case["b"]), case.get("max_distance"), strategy=strategy)
        else:
            edit_distance.nearest(text(case["query"]), text(case["corpus"]), case["k"], case.get("max_distance"),
                                  strategy=strategy)


@unittest.skipUnless(BUILT, NOT_BUILT)
class Arguments(ServerCase):
    def test_batch_and_corpus_errors(self):
        for wire, client in self.clients.items():
            with self.subTest(wire=wire):
                with self.assertRaisesRegex(ValueError, r"^pairs: b of pair 1 is not valid Unicode: .* index 1$"):
                    client.distance_batch([("a", "b"), ("x", "y\udc00")])
                with self.assertRaisesRegex(TypeError, "a of pair 0 of pairs must be a str"):
                    client.distance_batch([(None, "b")])
                with self.assertRaisesRegex(TypeError, "pair 1 of pairs must be an"):
                    client.distance_batch([("a", "b"), "ab"])
                with self.assertRaisesRegex(TypeError, "pairs must be an iterable"):
                    client.distance_batch(None)
                with self.assertRaisesRegex(ValueError, "max_distance"):
                    client.distance_batch([("a", "b")], -1)
                self.assertEqual(client.distance_batch([]), [])
                self.assertEqual(client.distance_batch(iter([("ab", "ba")]), 1), [2])
                with self.assertRaisesRegex(ValueError, r"^entries: entry 1 of the corpus .* index 2$"):
                    client.corpus(["ok", "\U0001F600x\ud800"])
                with self.assertRaisesRegex(TypeError, "entry 0 of entries"):
                    client.corpus([3])
                with self.assertRaisesRegex(ValueError, "strategy"):
                    client.distance("a", "b", strategy="fast")
                with client.corpus(["kitten"]) as corpus:
                    with self.assertRaisesRegex(ValueError, "threads"):
                        corpus.nearest("kitten", 1, threads=0)
                    self.assertEqual(corpus.nearest("kitten", 2**40, 2**40, threads=2**40), [Match(0, 0)])
                self.assertEqual(client.distance("kitten", "sitting", 2**40), 3)

    def test_lone_surrogates_the_server_finds(self):
        # The client refuses these before sending; sent anyway, the server reports the argument, the entry and the
        # position in code points, which the client turns into the contract's error.
        value = "a\U0001F600\ud800"
        for wire in ("binary", "json"):
            client = self.clients[wire]
            with self.subTest(wire=wire):
                if wire == "binary":
                    units = value.encode("utf-16-le", "surrogatepass")
                    distance = client._wire.distance(1, b"", units, NO_BOUND)
                    create = client._wire.corpus_create([b"x\x00", units])
                else:
                    escaped = '"a\\ud83d\\ude00\\ud800"'
                    distance = ('{"op":"distance","strategy":"dp","a":"","b":%s,"max_distance":null}\n' % escaped).encode()
                    create = ('{"op":"corpus_create","entries":["x",%s]}\n' % escaped).encode()
                with self.assertRaisesRegex(ValueError, r"^b: the string is not valid Unicode: lone surrogate U\+D800 "
                                                        r"at code point index 2$"):
                    client._call(distance, client._wire.distance_result,
                                 lambda argument, item, code_point: lone_surrogate(value, argument, code_point))
                with self.assertRaisesRegex(ValueError, r"^entries: entry 1 of the corpus .* index 2$"):
                    client._call(create, client._wire.corpus_result,
                                 lambda argument, item, code_point: lone_surrogate(value, "entries", code_point, item))
                client.ping()


@unittest.skipUnless(BUILT, NOT_BUILT)
class Service(ServerCase):
    def test_sixteen_concurrent_clients(self):
        rng = random.Random(16)
        alphabet = "abcdé😀中"
        work = []
        for _ in range(16):
            pairs = [("".join(rng.choices(alphabet, k=rng.randint(0, 30))),
                      "".join(rng.choices(alphabet, k=rng.randint(0, 30)))) for _ in range(20)]
            entries = ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(200)]
            query = "".join(rng.choices(alphabet, k=6))
            work.append((pairs, [edit_distance.distance(a, b) for a, b in pairs], entries, query,
                         edit_distance.nearest(query, entries, 5)))
        outcomes = [None] * 16

        def client_thread(index):
            pairs, distances, entries, query, nearest = work[index]
            try:
                with remote.connect(self.server.address, remote.WIRES[index % 3], timeout=60) as client:
                    ok = all(client.distance(a, b) == d for (a, b), d in zip(pairs, distances))
                    ok = ok and client.distance_batch(pairs) == distances
                    with client.corpus(entries) as corpus:
                        ok = ok and all(corpus.nearest(query, 5) == nearest for _ in range(5))
                    ok = ok and client.nearest(query, entries, 5) == nearest
                outcomes[index] = ok
            except Exception as error:  # noqa: BLE001 - reported below
                outcomes[index] = error

        threads = [threading.Thread(target=client_thread, args=(i,)) for i in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(outcomes, [True] * 16)

    def test_threads_sharing_one_client_take_turns(self):
        client = self.clients["binary-utf8"]
        pairs = [(f"kitten{i}", f"sitting{i * 7}") for i in range(50)]
        expected = [edit_distance.distance(a, b) for a, b in pairs]
        results = []

        def work():
            results.append([client.distance(a, b) for a, b in pairs] == expected
                           and client.distance_batch(pairs) == expected)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(results, [True] * 8)

    def test_a_client_killed_mid_request(self):
        # One child dies in the middle of a 32 MiB frame, the other after sending a request the server is still
        # working on (whose reply then meets a closed socket): the server drops both and serves on.
        child = ("import sys, struct, time\n"
                 f"sys.path.insert(0, {str(PYTHON_DIR)!r})\n"
                 "from edit_distance import remote\n"
                 "client = remote.connect(sys.argv[1], 'binary')\n"
                 "if sys.argv[2] == 'frame':\n"
                 "    client._socket.sendall(struct.pack('<I', 32 << 20) + b'\\x01' * 65536)\n"
                 "    print('sent', flush=True)\n"
                 "    while True:\n"
                 "        client._socket.sendall(b'\\x01' * 65536)\n"
                 "a, b = ('ab' * 4000).encode('utf-16-le'), ('ba' * 4000).encode('utf-16-le')\n"
                 "client._socket.sendall(client._wire.distance(0, a, b, 0xFFFFFFFF))\n"
                 "print('sent', flush=True)\n"
                 "time.sleep(60)\n")
        for mode in ("frame", "working"):
            with self.subTest(mode=mode):
                process = subprocess.Popen([sys.executable, "-c", child, self.server.address, mode],
                                           stdout=subprocess.PIPE)
                try:
                    self.assertEqual(process.stdout.readline(), b"sent\n")
                finally:
                    process.kill()
                    process.wait()
                    process.stdout.close()
                self.assertIsNone(self.server.process.poll())
                with remote.connect(self.server.address, timeout=60) as client:
                    client.ping()
                    self.assertEqual(client.distance("kitten", "sitting"), 3)

    def test_garbage(self):
        # Bytes that choose no wire: the connection is closed at once.
        with socket.socket(socket.AF_UNIX if self.server.socket_path else socket.AF_INET) as raw:
            raw.settimeout(60)
            raw.connect(self.server.socket_path or _tcp(self.server.address))
            raw.sendall(b"GET / HTTP/1.1\r\n\r\n")
            self.assertEqual(raw.recv(1), b"")
        # Frames that do not parse: an error reply each, and the connection stays usable.
        client = remote.connect(self.server.address, "binary", timeout=60)
        with client:
            for payload, status in ((b"\x63", "unknown_operation"), (b"", "malformed_request"),
                                    (b"\x01\x01", "malformed_request"), (b"\x00trailing", "malformed_request"),
                                    (b"\x01\x07" + b"\x00" * 16, "malformed_request")):
                with self.subTest(payload=payload):
                    with self.assertRaises(remote.RemoteError) as raised:
                        client._call(struct.pack("<I", len(payload)) + payload, client._wire.done)
                    self.assertEqual(raised.exception.status, status)
                    client.ping()
        with remote.connect(self.server.address, "json", timeout=60) as client:
            client.ping()  # The first byte, "{", chose the wire; later lines may be anything.
            for line in (b"not json\n", b'{"op":"distance","a":"x"}\n', b"[1, 2]\n", b'{"op":"fly"}\n'):
                with self.subTest(line=line):
                    with self.assertRaises(remote.RemoteError) as raised:
                        client._call(line, client._wire.done)
                    self.assertIn(raised.exception.status, ("malformed_request", "unknown_operation"))
                    client.ping()
        with remote.connect(self.server.address, "binary", timeout=60) as client:
            # An unknown corpus id: refused, connection usable.
            with self.assertRaises(remote.RemoteError) as raised:
                client._call(client._wire.corpus_nearest(12345, 1, b"", 1, NO_BOUND, 1), client._wire.matches_result)
            self.assertEqual(raised.exception.status, "unknown_corpus")
            client.ping()

    def test_a_frame_over_the_limit_closes_only_its_connection(self):
        with remote.Server.start(max_frame=4096) as server:
            for wire in remote.WIRES:
                with self.subTest(wire=wire), remote.connect(server.address, wire, timeout=60) as client:
                    with self.assertRaises(remote.RemoteError) as raised:
                        client.distance("a" * 5000, "b")
                    self.assertEqual(raised.exception.status, "frame_too_large")
                    with self.assertRaisesRegex(remote.RemoteError, "no longer usable"):
                        client.ping()
            with remote.connect(server.address, timeout=60) as client:
                self.assertEqual(client.distance("a" * 1000, "b"), 1000)

    def test_remote_corpus_closed_while_queried(self):
        # Threads share one client and query one corpus while the main thread closes it: each query is answered
        # in full or refused as closed, never sent after the free (which would be unknown_corpus).
        client = self.clients["binary"]
        entries = [f"w{i % 97}x{i % 13}" for i in range(3000)]
        expected = edit_distance.nearest("w5x5", entries, 3)
        for _ in range(3):
            corpus = client.corpus(entries)
            answers, refusals, failures = [], [], []
            answered = threading.Event()

            def query():
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        answers.append(corpus.nearest("w5x5", 3))
                        answered.set()
                    except ValueError as error:
                        refusals.append(str(error))
                        return
                    except Exception as error:  # noqa: BLE001 - the failure being tested for
                        failures.append(error)
                        return

            threads = [threading.Thread(target=query) for _ in range(4)]
            for thread in threads:
                thread.start()
            self.assertTrue(answered.wait(60))
            corpus.close()
            for thread in threads:
                thread.join(60)
            self.assertEqual(failures, [])
            self.assertTrue(all(answer == expected for answer in answers))
            self.assertEqual(refusals, ["corpus is closed"] * 4)
            self.assertFreed(client, corpus._id)

    def test_a_collected_corpus_is_freed_by_the_next_request(self):
        client = self.clients["json"]
        corpus = client.corpus(["kitten"])
        corpus_id = corpus._id
        del corpus
        gc.collect()
        client.ping()
        self.assertFreed(client, corpus_id)

    def assertFreed(self, client, corpus_id):  # noqa: N802 - unittest's naming
        with self.assertRaises(remote.RemoteError) as raised:
            client._call(client._wire.corpus_nearest(corpus_id, 1, client._wire.text("a", "query"), 1, NO_BOUND, 1),
                         client._wire.matches_result)
        self.assertEqual(raised.exception.status, "unknown_corpus")

    def test_closed_client(self):
        client = remote.connect(self.server.address, timeout=60)
        corpus = client.corpus(["a"])
        client.close()
        client.close()
        with self.assertRaisesRegex(ValueError, "^client is closed$"):
            client.ping()
        corpus.close()  # The server freed it with the connection: nothing to send, nothing raised.
        with self.assertRaisesRegex(ValueError, "^corpus is closed$"):
            corpus.nearest("a", 1)
        self.assertIn("closed", repr(client))


@unittest.skipUnless(BUILT, NOT_BUILT)
class Shutdown(unittest.TestCase):
    def test_shutdown_with_requests_in_flight(self):
        server = remote.Server.start()
        self.addCleanup(server.stop)
        entries = [f"w{i % 997}x{i % 13}y{i}" for i in range(20000)]
        expected = edit_distance.nearest("q5x5y5", edit_distance.Corpus(entries), 3, strategy="dp")
        outcomes = [[] for _ in range(6)]
        answered = threading.Barrier(7)

        def work(index):
            try:
                client = remote.connect(server.address, remote.WIRES[index % 3], timeout=60)
                corpus = client.corpus(entries)
            except remote.RemoteError as error:
                outcomes[index].append(error)
                answered.abort()
                return
            first = True
            with client:
                while True:
                    try:
                        outcomes[index].append(corpus.nearest("q5x5y5", 3, strategy="dp") == expected)
                    except remote.RemoteError as error:
                        outcomes[index].append(error)
                        return
                    except Exception as error:  # noqa: BLE001 - the failure being tested for
                        outcomes[index].append(error)
                        return
                    if first:
                        first = False
                        answered.wait(60)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        answered.wait(60)  # Every client has an answer, and is sending its next request.
        with remote.connect(server.address, timeout=60) as client:
            client.shutdown()
        for thread in threads:
            thread.join(60)
            self.assertFalse(thread.is_alive(), "a client hung")
        self.assertEqual(server.process.wait(60), 0)
        if server.socket_path:
            self.assertFalse(os.path.exists(server.socket_path), "the socket file is removed")
        for outcome in outcomes:
            # Answers, all correct, then one clean RemoteError when the server has closed the connection.
            self.assertTrue(outcome[:-1] and all(answer is True for answer in outcome[:-1]), outcome)
            self.assertIsInstance(outcome[-1], remote.RemoteError)
        with self.assertRaises(remote.RemoteError):
            remote.connect(server.address, timeout=60)


@unittest.skipUnless(BUILT, NOT_BUILT)
class Process(unittest.TestCase):
    def test_start_and_stop(self):
        server = remote.Server.start()
        with server:
            if server.socket_path:
                self.assertTrue(stat.S_ISSOCK(os.stat(server.socket_path).st_mode))
            self.assertIn("running", repr(server))
        self.assertEqual(server.process.returncode, 0)
        if server.socket_path:
            self.assertFalse(os.path.exists(server.socket_path))
        self.assertEqual(server.stop(), 0)

    def test_tcp(self):
        with remote.Server.start(tcp=True) as server:
            self.assertTrue(server.address.startswith("tcp:127.0.0.1:"), server.address)
            self.assertIsNone(server.socket_path)
            for wire in remote.WIRES:
                with remote.connect(server.address, wire, timeout=60) as client:
                    self.assertEqual(client.distance("kitten", "sitting"), 3)

    @unittest.skipIf(sys.platform == "win32", "no Unix domain sockets in the server on Windows")
    def test_socket_path(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "chosen.sock")
            with remote.Server.start(socket_path=path) as server:
                self.assertEqual(server.address, f"unix:{path}")
                with remote.connect(server.address) as client:
                    client.ping()
            self.assertFalse(os.path.exists(path))

    def test_missing_binary(self):
        with self.assertRaisesRegex(FileNotFoundError, "nowhere"):
            remote.Server.start("/nowhere/edit-distance-server")
        places = [pathlib.Path("/nowhere/one"), pathlib.Path("/nowhere/two")]
        with mock.patch.object(remote._locate, "candidates", return_value=places):
            with self.assertRaises(FileNotFoundError) as raised:
                remote.Server.start()
        for place in places:
            self.assertIn(str(place), str(raised.exception))

    @unittest.skipIf(sys.platform == "win32", "a shell script stands in for the server")
    def test_a_server_that_fails_to_start(self):
        with tempfile.TemporaryDirectory() as directory:
            failing = pathlib.Path(directory) / "failing"
            failing.write_text("#!/bin/sh\necho 'cannot bind: address in use' >&2\nexit 3\n")
            failing.chmod(0o755)
            with self.assertRaisesRegex(remote.RemoteError, r"exited \(3\).*cannot bind: address in use"):
                remote.Server.start(failing)
            silent = pathlib.Path(directory) / "silent"
            silent.write_text("#!/bin/sh\nexec sleep 30\n")
            silent.chmod(0o755)
            started = time.monotonic()
            with self.assertRaisesRegex(remote.RemoteError, "did not say it was listening"):
                remote.Server.start(silent, timeout=0.5)
            self.assertLess(time.monotonic() - started, 20)

    def test_connect_errors(self):
        with self.assertRaises(remote.RemoteError):
            remote.connect("unix:/nowhere/server.sock")
        with self.assertRaisesRegex(ValueError, "address"):
            remote.connect("/nowhere/server.sock")
        with self.assertRaisesRegex(ValueError, "wire"):
            remote.connect("unix:/nowhere/server.sock", wire="xml")


class Replies(unittest.TestCase):
    """The reply decoders on their own: what a reply that does not parse becomes."""

    def test_binary_replies(self):
        wire = remote._Binary(utf8=True)
        self.assertEqual(wire.distance_result(b"\x00\x03\x00\x00\x00"), 3)
        self.assertEqual(wire.matches_result(b"\x00\x01\x00\x00\x00\x02\x00\x00\x00\x05\x00\x00\x00"), [Match(2, 5)])
        failure = wire.distance_result(b"\x02\x01" + struct.pack("<IQQI", 0xFFFFFFFF, 3, 2, 2) + b"no")
        self.assertEqual((failure.status, failure.argument, failure.item, failure.position, failure.code_point,
                          failure.message), ("invalid_utf16", "a", None, 3, 2, "no"))
        for payload in (b"\x00\x03\x00\x00", b"\x00\x03\x00\x00\x00\x00", b"\x02\x01\x00"):
            with self.assertRaises(struct.error):
                wire.distance_result(payload)

    def test_json_replies(self):
        wire = remote._Json()
        self.assertEqual(wire.distance_result(b'{"ok":true,"distance":3}\n'), 3)
        self.assertEqual(wire.corpus_result(b'{"ok":true,"corpus":7,"count":2}\n'), (7, 2))
        for line in (b'{"ok":true}\n', b'{"ok":true,"distance":-1}\n', b'{"ok":true,"distance":true}\n',
                     b'{"ok":1,"distance":3}\n', b"[]\n", b"{\n"):
            with self.assertRaises((ValueError, KeyError, TypeError)):
                wire.distance_result(line)


def _tcp(address):
    host, _, port = address.partition(":")[2].rpartition(":")
    return host, int(port)


if __name__ == "__main__":
    unittest.main()
