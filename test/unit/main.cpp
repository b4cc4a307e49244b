// Catch2's main() for the unit test executable.
//
// Catch's own SIGSEGV handling is off: it installs and removes its handlers
// (and its alternate signal stack) around every test case, which would
// uninstall the runtime's fault handler that turns guard-page faults into
// wasm traps. A real crash still kills the test executable.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_NO_POSIX_SIGNALS
#include <catch2/catch.hpp>
