// Preload (`node --import <this file> program.mjs`) used by stack/start.mjs for child programs
// that do not watch their stdin themselves: when the parent closes our stdin pipe (or dies),
// send ourselves SIGTERM so the program shuts down through its own signal handler.

import { onParentGone } from './cli-util.mjs';

onParentGone(() => {
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
});
