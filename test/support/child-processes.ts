import type { ChildProcess } from 'node:child_process';

// Peer processes (SIPp, baresip) still running; killed if this process exits without stopping
// them (a test that throws, or a runner that ends early), so none is left holding its ports.
const live = new Set<ChildProcess>();
let exitHook = false;

/** Kills `child` with SIGKILL if it is still running when this process exits. */
export function killOnExit(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) {
      try {
        c.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
}
