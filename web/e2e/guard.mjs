// Runs one command as a child and stops it when our stdin closes (the test process that spawned us
// died or let go) or when we get SIGTERM/SIGINT/SIGHUP: SIGTERM first, SIGKILL 8 s later.
// Used for the backend JVM, which does not watch its stdin, so no test run leaves it orphaned.
//   node e2e/guard.mjs <command> [args...]      (stdout/stderr of the child are passed through)
import { spawn } from "node:child_process";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: guard.mjs <command> [args...]");
  process.exit(2);
}
const child = spawn(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 8000).unref();
  }
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on("error", (e) => {
  console.error(`guard: cannot start ${cmd}: ${e.message}`);
  process.exit(127);
});
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.on("error", stop);
process.stdin.resume();
for (const s of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(s, stop);
