"""The lit test format of wasm2obj's lit tests: lit's ShTest run by bash,
with the tests of known-failures.txt expected to fail.

A module of its own (not a class in lit.cfg.py) because lit sends the format
to its worker processes, which must be able to import it by name.
"""

import os

import lit.formats


def read(path, fatal):
    """known-failures.txt: 'TEST-FILE reason' per line, '#' comments. Every
    TEST-FILE must exist beside it."""
    known = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                if not reason.strip():
                    fatal(f"{path}: no reason given for {name}")
                if not os.path.isfile(os.path.join(os.path.dirname(path),
                                                   name)):
                    fatal(f"{path}: no test {name}")
                known[name] = reason.strip()
    return known


class ShTestWithKnownFailures(lit.formats.ShTest):
    def __init__(self, known):
        # bash runs the RUN lines (lit prefers it when it is on PATH): the
        # end-to-end tests test exit statuses with $?.
        super().__init__(execute_external=True)
        self.known = known

    def getTestsForPath(self, testSuite, path_in_suite, litConfig,
                        localConfig):
        for test in super().getTestsForPath(testSuite, path_in_suite,
                                            litConfig, localConfig):
            if "/".join(test.path_in_suite) in self.known:
                test.xfails = ["*"]
            yield test
