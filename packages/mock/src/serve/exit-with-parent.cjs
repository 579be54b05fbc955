// Preloaded into every Prism child (`node --require`): the child exits once the process that
// started it is gone, however it went (Ctrl-C, a crash, SIGKILL, a test runner killed hard). The
// parent holds the other end of this stdin pipe, and the OS closes it when the parent dies.
"use strict";
const exit = () => process.exit(0);
process.stdin.on("end", exit);
process.stdin.on("close", exit);
process.stdin.on("error", exit);
process.stdin.resume();
