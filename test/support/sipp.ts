// Drives SIPp (Debian `sip-tester`, /usr/bin/sipp 3.6.1 with PCAP + RTPSTREAM) as a real SIP peer.
//
// runSipp(opts) runs one scenario in the foreground (-nostdin, never -bg) and resolves when SIPp
// exits; startSipp(opts) does the same but hands back a handle for long-running (UAS / agent phone)
// scenarios. Results come from SIPp's own files, written into a fresh temp dir per run:
// -trace_stat (-stf stats.csv, the cumulative counters), -trace_err (errors.log), -trace_screen
// (screen.log, the final screens), -trace_logs (logs.log, <log> actions) and, with
// traceMessages, -trace_msg (messages.log).
//
// Exit codes of SIPp: 0 all calls succeeded, 1 at least one failed, 97 stopped by an internal
// command, 99 ended with no call processed, 255 fatal error, 254 could not bind a socket.
// PCAP play (play_pcap_audio in the scenarios) writes through raw sockets: SIPp must run as root.
// Ports: SIPp's own default SIP port is 5060 (the platform's), so a free one from 41000-48999 is
// always passed with -p unless given; -mp (SIPp binds it and +2) defaults to a free pair in
// 20000-29998. Processes still running when this Node process exits are SIGKILLed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killOnExit } from './child-processes.js';

export const SIPP_BIN = '/usr/bin/sipp';
export const SIPP_PCAP_DIR = '/usr/share/sip-tester';

const SCENARIO_DIR = path.resolve(import.meta.dirname, '../sip/scenarios');
/** The project's scenario files (see test/sip/README.md). */
export const SIPP_SCENARIOS = {
  callerDtmf: path.join(SCENARIO_DIR, 'caller-dtmf.xml'),
  callerLoad: path.join(SCENARIO_DIR, 'caller-load.xml'),
  agentPhone: path.join(SCENARIO_DIR, 'agent-phone.xml'),
  uasReference: path.join(SCENARIO_DIR, 'uas-reference.xml'),
  callerInfoDtmf: path.join(SCENARIO_DIR, 'caller-info-dtmf.xml'),
  callerNoAck: path.join(SCENARIO_DIR, 'caller-no-ack.xml'),
} as const;

export type SippTransport = 'u1' | 'un' | 't1' | 'tn';

export interface SippOptions {
  /** Path of the scenario XML (-sf), or `builtin:NAME` for one of SIPp's own (-sn uac, uas, …). */
  scenario: string;
  /** Remote host:port, e.g. '127.0.0.1:5070'. Omit for a scenario that only waits for calls. */
  target?: string;
  /** Out-of-call scenario (-oocsf): runs for requests with an unknown Call-ID (agent-phone.xml). */
  oocScenario?: string;
  /** -i: address put into Via/Contact/SDP and bound. Default 127.0.0.1. */
  localIp?: string;
  /**
   * -p: local SIP port. Default: a free port in 41000-48999 picked here. (SIPp's own default is
   * 5060 when free, which would steal the platform's default port.)
   */
  localPort?: number;
  /** -mi: media address. Default: localIp. */
  mediaIp?: string;
  /** -mp: media port; SIPp binds it and port+2. Default: a free pair in 20000-29998 picked here. */
  mediaPort?: number;
  /** -m: end after this many calls. */
  calls?: number;
  /** -r: calls per second. */
  rate?: number;
  /** -l: maximum simultaneous calls. */
  concurrent?: number;
  /** -set NAME VALUE for each entry (the scenario must declare them as <Global variables>). */
  vars?: Record<string, string | number>;
  /** -s: user part of the Request-URI ([service]). */
  service?: string;
  /** -au / -ap: digest credentials used by [authentication]. */
  authUser?: string;
  authPassword?: string;
  /** -t. Default u1 (one UDP socket). */
  transport?: SippTransport;
  /** Kill SIPp if it has not exited by then (SIGTERM, then SIGKILL 3 s later). Default 120 000. */
  timeoutMs?: number;
  /** Also write every SIP message to messages.log (-trace_msg). */
  traceMessages?: boolean;
  /** Anything else, appended last (e.g. ['-aa'], ['-auth_uri', 'example.com']). */
  extraArgs?: string[];
  /** Keep the temp dir with SIPp's files after the run (it is removed otherwise). */
  keepLogs?: boolean;
}

export interface SippResult {
  /**
   * SIPp's exit code; null when it died by a signal. After our SIGTERM (timeout or stop()) SIPp
   * still exits by itself, usually with 0: look at `killed` and the call counters, not only this.
   */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** true when timeoutMs ran out (or stop() was called) and SIPp had to be signalled. */
  killed: boolean;
  /** Cumulative SuccessfulCall / FailedCall of the last -trace_stat row (0 when SIPp wrote none). */
  successfulCalls: number;
  failedCalls: number;
  stdout: string;
  stderr: string;
  /** Last row of the -trace_stat CSV, column name -> value (e.g. 'FailedTimeoutOnRecv(C)'). */
  statsCsv?: Record<string, string>;
  /** -trace_err file: unexpected messages, warnings, aborted calls. */
  errors: string;
  /** The same, one entry per event, timestamps removed (SIPp writes them without newlines). */
  errorEvents: string[];
  /** -trace_screen file: the final scenario and statistics screens. */
  screen: string;
  /** <log> actions (-trace_logs), e.g. uas-reference.xml logs each completed call. */
  logs: string;
  /** -trace_msg file, when traceMessages was set. */
  messages?: string;
  /** The full argument list SIPp was started with (for failure messages). */
  args: string[];
  /** Where the files were (gone unless keepLogs). */
  logDir: string;
}

export interface SippHandle {
  readonly pid: number | undefined;
  readonly args: string[];
  /** The SIP port SIPp uses (-p), given or picked. */
  readonly localPort: number;
  /** The media port (-mp), given or picked. */
  readonly mediaPort: number;
  /**
   * Resolves once SIPp has bound its SIP port (UDP) or listens on it (TCP); rejects if SIPp exits
   * first or takes over 10 s. Await it before starting the other side against a UAS.
   */
  readonly ready: Promise<void>;
  /** Resolves when SIPp exits, for whatever reason. Never rejects. */
  readonly done: Promise<SippResult>;
  /** Asks SIPp to end (SIGTERM: it writes its statistics and exits), SIGKILL after 3 s. */
  stop(): Promise<void>;
}

let availability: boolean | undefined;

/** True when /usr/bin/sipp runs and has PCAP play compiled in (all our scenarios use it). */
export function sippAvailable(): boolean {
  if (availability === undefined) {
    const r = spawnSync(SIPP_BIN, ['-v'], { encoding: 'utf8', timeout: 5000 });
    availability = r.error === undefined && /SIPp v3\.\d/.test(`${r.stdout}${r.stderr}`) && /PCAP/.test(`${r.stdout}${r.stderr}`);
  }
  return availability;
}

/** Runs SIPp to completion (or timeoutMs) and parses its results. */
export async function runSipp(opts: SippOptions): Promise<SippResult> {
  return startSipp(opts).done;
}

/** Starts SIPp and returns at once; see SippHandle. */
export function startSipp(opts: SippOptions): SippHandle {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
  const localIp = opts.localIp ?? '127.0.0.1';
  const mediaPort = opts.mediaPort ?? freeUdpPortPair();
  const tcp = (opts.transport ?? 'u1').startsWith('t');
  const localPort = opts.localPort ?? freeSipPort(tcp ? 'tcp' : 'udp');
  const files = {
    stats: path.join(logDir, 'stats.csv'),
    errors: path.join(logDir, 'errors.log'),
    screen: path.join(logDir, 'screen.log'),
    logs: path.join(logDir, 'logs.log'),
    messages: path.join(logDir, 'messages.log'),
  };
  const args = buildArgs(opts, { localIp, localPort, mediaPort, files });
  const child = spawn(SIPP_BIN, args, { cwd: logDir, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout = keepTail(stdout + d)));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = keepTail(stderr + d)));

  let killed = false;
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (err) => {
      stderr += `\nspawn failed: ${err.message}`;
      exited = true;
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
  });
  const terminate = () => {
    if (exited) return;
    killed = true;
    signalChild(child, 'SIGTERM');
    const hard = setTimeout(() => signalChild(child, 'SIGKILL'), 3000);
    void exit.then(() => clearTimeout(hard));
  };
  const timer = setTimeout(terminate, opts.timeoutMs ?? 120_000);

  const done = exit.then(({ code, signal }): SippResult => {
    clearTimeout(timer);
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    const statsCsv = parseStatsCsv(read(files.stats));
    const result: SippResult = {
      exitCode: code,
      signal,
      killed,
      successfulCalls: Number(statsCsv?.['SuccessfulCall(C)'] ?? 0),
      failedCalls: Number(statsCsv?.['FailedCall(C)'] ?? 0),
      stdout,
      stderr,
      statsCsv,
      errors: read(files.errors),
      errorEvents: splitErrorEvents(read(files.errors)),
      screen: read(files.screen),
      logs: read(files.logs),
      messages: opts.traceMessages ? read(files.messages) : undefined,
      args,
      logDir,
    };
    if (!opts.keepLogs) fs.rmSync(logDir, { recursive: true, force: true });
    return result;
  });

  const ready = waitBound(localPort, tcp ? 'tcp' : 'udp', () => exited);
  ready.catch(() => {}); // awaiting it is optional; its rejection is for those who do

  return {
    pid: child.pid,
    args,
    localPort,
    mediaPort,
    ready,
    done,
    async stop() {
      terminate();
      await done;
    },
  };
}

/** A summary of a result for assertion messages: command line, counters, first errors. */
export function describeSippResult(r: SippResult): string {
  const events = r.errorEvents.filter((e) => !e.startsWith('Received out-of-call')).slice(0, 8);
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l.trim() && !/^(In pcap |max pkt length |base port |Resolving remote host )/.test(l))
    .slice(-10)
    .join('\n  ');
  return (
    `sipp ${r.args.join(' ')}\n exit=${r.exitCode} signal=${r.signal} killed=${r.killed} ok=${r.successfulCalls} failed=${r.failedCalls}` +
    (events.length ? `\n errors:\n  ${events.map((e) => e.slice(0, 400).replace(/\n/g, '\n    ')).join('\n  ')}` : '') +
    (stderr ? `\n stderr:\n  ${stderr}` : '')
  );
}

/** Splits SIPp's error log ("<date>\t<time>\t<epoch>: <text>" events glued together). */
export function splitErrorEvents(text: string): string[] {
  return text
    .replace(/^The following events occurred:\n?/, '')
    .split(/\d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d+\t\d+\.\d+: /)
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
}

function buildArgs(
  opts: SippOptions,
  ctx: { localIp: string; localPort: number; mediaPort: number; files: Record<'stats' | 'errors' | 'screen' | 'logs' | 'messages', string> },
): string[] {
  const args: string[] = [];
  if (opts.target) args.push(opts.target);
  // Scenarios first: -set may only name a global that an already loaded scenario declares.
  if (opts.scenario.startsWith('builtin:')) args.push('-sn', opts.scenario.slice('builtin:'.length));
  else args.push('-sf', path.resolve(opts.scenario));
  if (opts.oocScenario) args.push('-oocsf', path.resolve(opts.oocScenario));
  args.push('-i', ctx.localIp, '-mi', opts.mediaIp ?? ctx.localIp, '-mp', String(ctx.mediaPort));
  args.push('-p', String(ctx.localPort));
  args.push('-t', opts.transport ?? 'u1');
  if (opts.service !== undefined) args.push('-s', opts.service);
  if (opts.authUser !== undefined) args.push('-au', opts.authUser);
  if (opts.authPassword !== undefined) args.push('-ap', opts.authPassword);
  if (opts.calls !== undefined) args.push('-m', String(opts.calls));
  if (opts.rate !== undefined) args.push('-r', String(opts.rate));
  if (opts.concurrent !== undefined) args.push('-l', String(opts.concurrent));
  for (const [name, value] of Object.entries(opts.vars ?? {})) args.push('-set', name, String(value));
  args.push(
    '-nostdin',
    '-trace_stat', '-stf', ctx.files.stats, '-fd', '1',
    '-trace_err', '-error_file', ctx.files.errors,
    '-trace_screen', '-screen_file', ctx.files.screen,
    '-trace_logs', '-log_file', ctx.files.logs,
  );
  if (opts.traceMessages) args.push('-trace_msg', '-message_file', ctx.files.messages);
  args.push(...(opts.extraArgs ?? []));
  return args;
}

/** Parses SIPp's -trace_stat CSV (';'-separated, header row first) and returns its last row. */
export function parseStatsCsv(text: string): Record<string, string> | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
  if (lines.length < 2) return undefined;
  const header = lines[0]!.split(';');
  const last = lines[lines.length - 1]!.split(';');
  const row: Record<string, string> = {};
  header.forEach((name, i) => {
    if (name) row[name] = last[i] ?? '';
  });
  return row;
}

/** A port in 41000-48999 that nothing has bound (UDP) or listens on (TCP) at the time of asking. */
export function freeSipPort(proto: 'udp' | 'tcp' = 'udp'): number {
  for (let i = 0; i < 100; i++) {
    const p = 41000 + Math.floor(Math.random() * 8000);
    if (!portBound(p, proto)) return p;
  }
  throw new Error('no free port found');
}

/** A UDP port p with p and p+2 both free at the time of asking (SIPp binds -mp and -mp+2). */
export function freeUdpPortPair(): number {
  for (let i = 0; i < 100; i++) {
    const p = 20000 + 2 * Math.floor(Math.random() * 10000);
    if (!portBound(p) && !portBound(p + 2)) return p;
  }
  throw new Error('no free UDP port pair found');
}

/**
 * Whether some socket has UDP port `port` bound (or, for 'tcp', listens on it; with `anyState`, any
 * TCP socket on it, a connection too), read from /proc/net. (Probing by binding the port ourselves
 * could make SIPp's own bind fail.)
 */
export function portBound(port: number, proto: 'udp' | 'tcp' = 'udp', anyState = false): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const table of [`/proc/net/${proto}`, `/proc/net/${proto}6`]) {
    let text = '';
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(hex) && (proto === 'udp' || anyState || cols[3] === '0A')) return true;
    }
  }
  return false;
}

async function waitBound(port: number, proto: 'udp' | 'tcp', exited: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`SIPp exited before binding ${proto} port ${port}`);
    if (portBound(port, proto)) return;
    await delay(50);
  }
  throw new Error(`SIPp did not bind ${proto} port ${port} within ${ms} ms`);
}

function signalChild(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    child.kill(signal);
  } catch {
    /* already gone */
  }
}

function keepTail(s: string, max = 256 * 1024): string {
  return s.length > max ? s.slice(-max) : s;
}

function delay(ms: number) {
  return new Promise<void>((r) => setTimeout(r, ms));
}
