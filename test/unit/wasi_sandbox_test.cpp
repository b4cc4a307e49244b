//===- wasi_sandbox_test.cpp - paths never leave a directory descriptor ---===//
//
// Every test runs twice: with openat2(2) (when the kernel has it) and with
// the portable component walk (WASIRT_WASI_NO_OPENAT2).
//
//===----------------------------------------------------------------------===//

#include "wasi_testing.h"

#include <catch2/catch.hpp>

using namespace wasi_test;

namespace {

const uint32_t Follow = WASI_LOOKUP_SYMLINK_FOLLOW;

// Symlinks inside the sandbox, some of which lead out.
void makeLinks(const TempTree &t) {
  auto link = [&](const std::string &target, const std::string &at) {
    REQUIRE(symlink(target.c_str(), t.sandbox(at).c_str()) == 0);
  };
  link("../outside", "up");
  link(t.path("outside"), "abs");
  link(t.path("outside/secret"), "abs_file");
  link("/", "slash");
  link("c2", "c1");
  link("c3", "c2");
  link("../outside/secret", "c3");
  link("i2", "i1");
  link("file", "i2");
  link("loop", "loop");
  link("lb", "la");
  link("la", "lb");
  link("nonexistent", "dangle");
  link("../outside/created", "dangle_out");
  link("dir", "dlink");
  link("..", "dir/uplink");
  link("../../outside", "dir/deep");
  link("../file", "dir/ok");
}

// The outside directory is exactly as TempTree made it.
void checkOutsideUntouched(const TempTree &t, const struct stat &before) {
  // Not even read: the access time is unchanged (checked before reading).
  struct stat st;
  REQUIRE(stat(t.path("outside/secret").c_str(), &st) == 0);
  CHECK(st.st_mtim.tv_sec == before.st_mtim.tv_sec);
  CHECK(st.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
  CHECK(st.st_atim.tv_nsec == before.st_atim.tv_nsec);
  CHECK(st.st_nlink == 1);
  CHECK(readFile(t.path("outside/secret")) == "secret");
  CHECK_FALSE(exists(t.path("outside/created")));
  CHECK_FALSE(exists(t.path("outside/new")));
  CHECK_FALSE(exists(t.path("outside/stolen")));
  CHECK_FALSE(exists(t.path("outside/link")));
  CHECK_FALSE(exists(t.path("created")));
  CHECK_FALSE(exists(t.path("stolen")));
}

uint32_t mode() { return GENERATE(0u, (uint32_t)WASIRT_WASI_NO_OPENAT2); }

void checkResolver(Fixture &f, uint32_t flags) {
  if (flags & WASIRT_WASI_NO_OPENAT2)
    CHECK(f.Ctx->resolver == WASI_RESOLVE_WALK);
  else
    CHECK(f.Ctx->resolver != WASI_RESOLVE_OPENAT2_UNKNOWN);
  INFO("resolver " << f.Ctx->resolver);
}

} // namespace

TEST_CASE("paths that lead outside are EPERM", "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  makeLinks(f.Tree);
  struct stat before;
  REQUIRE(stat(f.Tree.path("outside/secret").c_str(), &before) == 0);

  const char *escapes[] = {
      "..",
      "../outside/secret",
      "/etc/passwd",
      "/",
      "dir/../../outside/secret",
      "dir/../..",
      "up/secret",
      "up",
      "up/",
      "abs/secret",
      "abs",
      "abs_file",
      "slash/etc/passwd",
      "slash",
      "c1",
      "dir/uplink/../outside/secret",
      "dir/uplink/..",
      "dir/deep/secret",
      "dir/deep",
      "dlink/../../outside/secret",
  };
  uint32_t st = f.G->alloc(64);
  for (const char *p : escapes) {
    INFO("path " << p);
    std::string text;
    CHECK(f.slurp(p, &text) == PERM);
    CHECK(f.stat(p, Follow, st) == PERM);
    // Creating "NAME/" is EISDIR before NAME is looked at (as open(2)).
    uint32_t fd;
    uint32_t r =
        f.open(3, p, WASI_O_CREAT, WASI_RIGHT_FD_WRITE, Follow, 0, &fd);
    CHECK((r == PERM || (p[strlen(p) - 1] == '/' && r == ISDIR)));
    uint32_t path = f.G->put(p);
    CHECK(w2o_wasi_snapshot_preview1Q_path_filestat_set_times(
              f.caller(), 3, Follow, path, (uint32_t)strlen(p), 0, 0,
              WASI_FST_MTIM_NOW | WASI_FST_ATIM_NOW) == PERM);
  }
  checkResolver(f, flags);
  checkOutsideUntouched(f.Tree, before);
}

TEST_CASE("operations whose parent lies outside are EPERM", "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  makeLinks(f.Tree);
  struct stat before;
  REQUIRE(stat(f.Tree.path("outside/secret").c_str(), &before) == 0);

  // Every path's directory part escapes; the last component alone would be
  // fine.
  const char *escapes[] = {
      "../secret",       "../outside/new", "/tmp/new",    "up/secret",
      "up/new",          "abs/secret",     "abs/new",     "slash/tmp/new",
      "dir/deep/secret", "dir/deep/new",   "dir/../../x", "dir/uplink/../x",
  };
  for (const char *p : escapes) {
    INFO("path " << p);
    uint32_t len = (uint32_t)strlen(p);
    uint32_t path = f.G->put(p), file = f.G->put("file"), buf = f.G->alloc(64);
    uint32_t out = f.G->alloc(64);
    CHECK(w2o_wasi_snapshot_preview1Q_path_create_directory(f.caller(), 3, path,
                                                            len) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_unlink_file(f.caller(), 3, path,
                                                       len) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_remove_directory(f.caller(), 3, path,
                                                            len) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_rename(f.caller(), 3, file, 4, 3,
                                                  path, len) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_rename(f.caller(), 3, path, len, 3,
                                                  file, 4) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_link(f.caller(), 3, 0, file, 4, 3,
                                                path, len) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_link(f.caller(), 3, 0, path, len, 3,
                                                f.G->put("stolen"), 6) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_symlink(f.caller(), file, 4, 3, path,
                                                   len) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_readlink(f.caller(), 3, path, len,
                                                    buf, 64, out) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_filestat_get(f.caller(), 3, 0, path,
                                                        len, out) == PERM);
    CHECK(w2o_wasi_snapshot_preview1Q_path_filestat_set_times(
              f.caller(), 3, 0, path, len, 0, 0, WASI_FST_MTIM_NOW) == PERM);
    uint32_t fd;
    CHECK(f.open(3, p, WASI_O_CREAT, WASI_RIGHT_FD_WRITE, 0, 0, &fd) == PERM);
  }
  CHECK(readFile(f.Tree.sandbox("file")) == "hello");
  CHECK_FALSE(exists(f.Tree.sandbox("stolen")));
  checkResolver(f, flags);
  checkOutsideUntouched(f.Tree, before);
}

TEST_CASE("symlinks inside the sandbox work", "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  makeLinks(f.Tree);
  const char *inside[] = {"file",     "./file",           "dir/../file",
                          "i1",       "dlink/../file",    "dir/uplink/file",
                          "dir/ok",   "dir/./../file",    "dir//..//file",
                          "dlink/ok", "dir/uplink/dir/ok"};
  for (const char *p : inside) {
    INFO("path " << p);
    std::string text;
    CHECK(f.slurp(p, &text) == OK);
    CHECK(text == "hello");
  }
  // Not following: the link itself.
  uint32_t st = f.G->alloc(64);
  REQUIRE(f.stat("i1", 0, st) == OK);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_SYMBOLIC_LINK);
  REQUIRE(f.stat("i1", Follow, st) == OK);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_REGULAR_FILE);
  CHECK(f.G->u64(st + 32) == 5);
  // Links to directories, with a trailing slash or a following component.
  REQUIRE(f.stat("dlink/", 0, st) == OK);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_DIRECTORY);
  REQUIRE(f.stat("dir/uplink/dir", 0, st) == OK);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_DIRECTORY);
  // Links whose target escapes are themselves fine to stat, read or remove.
  REQUIRE(f.stat("abs_file", 0, st) == OK);
  CHECK(f.G->at(st)[16] == WASI_FILETYPE_SYMBOLIC_LINK);
  uint32_t buf = f.G->alloc(64), used = f.G->alloc(4);
  uint32_t up = f.G->put("up");
  REQUIRE(w2o_wasi_snapshot_preview1Q_path_readlink(f.caller(), 3, up, 2, buf,
                                                    64, used) == OK);
  CHECK(f.G->str(buf, f.G->u32(used)) == "../outside");
  // As wasmtime: absolute targets are not revealed.
  uint32_t abs = f.G->put("abs");
  CHECK(w2o_wasi_snapshot_preview1Q_path_readlink(f.caller(), 3, abs, 3, buf,
                                                  64, used) == PERM);
  CHECK(f.onPath(w2o_wasi_snapshot_preview1Q_path_unlink_file, "up") == OK);
  CHECK(exists(f.Tree.path("outside/secret")));
  checkResolver(f, flags);
}

TEST_CASE("symlink loops are ELOOP", "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  makeLinks(f.Tree);
  std::string text;
  uint32_t st = f.G->alloc(64);
  for (const char *p : {"loop", "la", "loop/x", "la/x", "dir/../loop"}) {
    INFO("path " << p);
    CHECK(f.slurp(p, &text) == LOOP);
    CHECK(f.stat(p, Follow, st) == LOOP);
  }
  // Without following, the last component is the link itself.
  CHECK(f.stat("loop", 0, st) == OK);
  CHECK(f.slurp("loop", &text, 0) == LOOP);
  // A chain of 40 links resolves, 41 do not (as Linux).
  for (int i = 0; i < 41; ++i)
    REQUIRE(symlink(i == 0 ? "file" : ("n" + std::to_string(i - 1)).c_str(),
                    f.Tree.sandbox("n" + std::to_string(i)).c_str()) == 0);
  CHECK(f.slurp("n39", &text) == OK);
  CHECK(text == "hello");
  CHECK(f.slurp("n40", &text) == LOOP);
  checkResolver(f, flags);
}

TEST_CASE("dangling symlinks", "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  makeLinks(f.Tree);
  std::string text;
  CHECK(f.slurp("dangle", &text) == NOENT);
  uint32_t st = f.G->alloc(64);
  CHECK(f.stat("dangle", Follow, st) == NOENT);
  CHECK(f.stat("dangle", 0, st) == OK);
  // Creating through a dangling link creates its target, inside only.
  uint32_t fd;
  CHECK(f.open(3, "dangle_out", WASI_O_CREAT, WASI_RIGHT_FD_WRITE, Follow, 0,
               &fd) == PERM);
  CHECK_FALSE(exists(f.Tree.path("outside/created")));
  REQUIRE(f.open(3, "dangle", WASI_O_CREAT, WASI_RIGHT_FD_WRITE, Follow, 0,
                 &fd) == OK);
  CHECK(f.close(fd) == OK);
  CHECK(exists(f.Tree.sandbox("nonexistent")));
  // O_CREAT | O_EXCL never follows: the link exists.
  CHECK(f.open(3, "dangle", WASI_O_CREAT | WASI_O_EXCL, WASI_RIGHT_FD_WRITE,
               Follow, 0, &fd) == EXIST);
  // Not following, O_CREAT on a link is ELOOP (O_NOFOLLOW).
  CHECK(f.open(3, "dangle", WASI_O_CREAT, WASI_RIGHT_FD_WRITE, 0, 0, &fd) ==
        LOOP);
  checkResolver(f, flags);
}

TEST_CASE("a directory descriptor is the root of its paths",
          "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  makeLinks(f.Tree);
  uint32_t dir;
  REQUIRE(f.open(3, "dir", WASI_O_DIRECTORY, 0, 0, 0, &dir) == OK);
  uint32_t fd;
  std::string text;
  CHECK(f.open(dir, "../file", 0, WASI_RIGHT_FD_READ, Follow, 0, &fd) == PERM);
  CHECK(f.open(dir, "uplink/file", 0, WASI_RIGHT_FD_READ, Follow, 0, &fd) ==
        PERM);
  CHECK(f.open(dir, "ok", 0, WASI_RIGHT_FD_READ, Follow, 0, &fd) == PERM);
  CHECK(f.open(dir, "ok", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == LOOP);
  REQUIRE(f.open(dir, "uplink", 0, 0, 0, 0, &fd) == LOOP);
  uint32_t p = f.G->put("../file"), st = f.G->alloc(64);
  CHECK(w2o_wasi_snapshot_preview1Q_path_filestat_get(f.caller(), dir, 0, p, 7,
                                                      st) == PERM);
  CHECK(w2o_wasi_snapshot_preview1Q_path_unlink_file(f.caller(), dir, p, 7) ==
        PERM);
  CHECK(readFile(f.Tree.sandbox("file")) == "hello");
  checkResolver(f, flags);
}

TEST_CASE("path syntax: absolute, empty, NUL, UTF-8, trailing slashes",
          "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  uint32_t fd, st = f.G->alloc(64);
  CHECK(f.open(3, "/file", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == PERM);
  CHECK(f.open(3, "", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == NOENT);
  CHECK(f.open(3, std::string("file\0", 5), 0, WASI_RIGHT_FD_READ, 0, 0, &fd) ==
        INVAL);
  CHECK(f.open(3, "fi\xffle", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == ILSEQ);
  CHECK(f.open(3, "\xed\xa0\x80", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) ==
        ILSEQ); // a surrogate
  CHECK(f.open(3, "file/", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == NOTDIR);
  CHECK(f.open(3, "file///", 0, WASI_RIGHT_FD_READ, 0, 0, &fd) == NOTDIR);
  CHECK(f.open(3, "new/", WASI_O_CREAT, WASI_RIGHT_FD_WRITE, 0, 0, &fd) ==
        ISDIR);
  REQUIRE(f.open(3, "dir//", 0, 0, 0, 0, &fd) == OK);
  CHECK(f.close(fd) == OK);
  CHECK(f.stat("file/", 0, st) == NOTDIR);
  CHECK(f.stat("dir/", 0, st) == OK);
  CHECK(f.stat(std::string(5000, 'a'), 0, st) == NAMETOOLONG);
  CHECK(f.stat(std::string(300, 'a'), 0, st) == NAMETOOLONG);
  // Names in other scripts are fine.
  REQUIRE(f.open(3, "f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", WASI_O_CREAT,
                 WASI_RIGHT_FD_WRITE, 0, 0, &fd) == OK);
  CHECK(f.close(fd) == OK);
  CHECK(exists(f.Tree.sandbox("f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")));
}

TEST_CASE("trailing slashes follow the kernel", "[wasi][sandbox]") {
  uint32_t flags = mode();
  Fixture f(flags);
  auto mkdir_ = [&](const char *p) {
    return f.onPath(w2o_wasi_snapshot_preview1Q_path_create_directory, p);
  };
  auto rmdir_ = [&](const char *p) {
    return f.onPath(w2o_wasi_snapshot_preview1Q_path_remove_directory, p);
  };
  auto unlink_ = [&](const char *p) {
    return f.onPath(w2o_wasi_snapshot_preview1Q_path_unlink_file, p);
  };
  CHECK(mkdir_("a/") == OK);
  CHECK(mkdir_("a/") == EXIST);
  CHECK(unlink_("a/") == ISDIR);
  CHECK(unlink_("a") == ISDIR);
  CHECK(rmdir_("a/") == OK);
  CHECK(unlink_("file/") == NOTDIR);
  CHECK(rmdir_("file/") == NOTDIR);
  CHECK(rmdir_("file") == NOTDIR);
  CHECK(rmdir_(".") == INVAL);
  uint32_t src = f.G->put("source"), dst = f.G->put("target/");
  CHECK(f.G->put("x") != 0);
  CHECK(w2o_wasi_snapshot_preview1Q_path_symlink(f.caller(), src, 6, 3, dst,
                                                 7) == NOENT);
  CHECK(mkdir_("target") == OK);
  CHECK(w2o_wasi_snapshot_preview1Q_path_symlink(f.caller(), src, 6, 3, dst,
                                                 7) == EXIST);
  uint32_t t1 = f.G->put("target/"), t2 = f.G->put("moved/");
  CHECK(w2o_wasi_snapshot_preview1Q_path_rename(f.caller(), 3, t1, 7, 3, t2,
                                                6) == OK);
  CHECK(exists(f.Tree.sandbox("moved")));
  // Creating what ends in '/': EISDIR, but a last "." or ".." is an
  // existing directory, so with O_EXCL it is EEXIST (as open(2) says).
  auto create = [&](const char *p, uint32_t excl) {
    return f.open(3, p, WASI_O_CREAT | excl, WASI_RIGHT_FD_WRITE);
  };
  CHECK(mkdir_("d") == OK);
  for (const char *p : {".", "./", "d/.", "d/./", "d/..", "d/../"}) {
    CAPTURE(p);
    CHECK(create(p, 0) == ISDIR);
    CHECK(create(p, WASI_O_EXCL) == EXIST);
  }
  for (const char *p : {"d/", "new/", "d//"}) {
    CAPTURE(p);
    CHECK(create(p, 0) == ISDIR);
    CHECK(create(p, WASI_O_EXCL) == ISDIR);
  }
  // The same through a symlink whose target ends in '/', followed.
  REQUIRE(symlink("d/", f.Tree.sandbox("to_d").c_str()) == 0);
  REQUIRE(symlink("new/", f.Tree.sandbox("to_new").c_str()) == 0);
  for (const char *p : {"to_d", "to_new"}) {
    CAPTURE(p);
    CHECK(f.open(3, p, WASI_O_CREAT, WASI_RIGHT_FD_WRITE, Follow) == ISDIR);
  }
  CHECK(create("../", 0) == PERM);
  CHECK(create("d/../../", WASI_O_EXCL) == PERM);
  CHECK_FALSE(exists(f.Tree.sandbox("new")));
}

TEST_CASE("the trailing slash is put back once", "[wasi][sandbox]") {
  // name_buf has room for one '/' after the name; asking twice must not
  // add a second one past it.
  wasi_resolved r{};
  r.dir = -1;
  r.trailing = 1;
  r.name_buf = static_cast<char *>(malloc(3));
  REQUIRE(r.name_buf);
  strcpy(r.name_buf, "a");
  r.name = r.name_buf;
  CHECK(std::string(wasi_resolved_name_slash(&r)) == "a/");
  CHECK(std::string(wasi_resolved_name_slash(&r)) == "a/");
  r.trailing = 0;
  strcpy(r.name_buf, "b");
  CHECK(std::string(wasi_resolved_name_slash(&r)) == "b");
  free(r.name_buf);
}
