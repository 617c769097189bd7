// Runs Debian's baresip 1.0.0 (/usr/bin/baresip) as a real softphone, headless, for tests.
//
// Each instance gets a temp config dir (`baresip -f DIR`) with:
//   - g711.so (PCMU, PCMA; telephone-event/8000 is always offered too, as PT 101),
//   - aufile.so as the microphone: `audio_source aufile,<8 kHz mono 16-bit WAV>`. NOTE: when the
//     file ends, baresip 1.0.0 treats it as an audio device error and HANGS UP the call, so the
//     default source is a generated tone of audioSeconds (300 s),
//   - aubridge.so as the speaker and ring-tone device (`audio_player aubridge,nil`): a virtual
//     device that needs no sound card; with no matching source it is never read, which is fine
//     because decoding happens when RTP arrives,
//   - sndfile.so: records every call's decoded (heard) audio to recordingsDir/dump-<time>-dec.wav
//     and the sent audio to dump-<time>-enc.wav (time has 1 s resolution: two calls starting in
//     the same second overwrite each other's files; the WAV header is final only after the call),
//   - menu.so (provides the commands) and ctrl_tcp.so (JSON in netstrings on a TCP port: commands
//     {"command":"dial","params":"sip:…","token":"1"} → {"response":true,"ok":…,"data":…,"token":…},
//     and events {"event":true,"type":"CALL_ESTABLISHED","class":"call",…}),
//   - `net_interface 127.0.0.1` so SDP and Contact carry 127.0.0.1 (`lo` is refused by 1.0.0),
//   - `sip_listen 127.0.0.1:P`: UDP and TCP on P, TLS on P+1; RTP in rtp_ports (30000-39998).
// The account is added after the control connection is up (`uanew <line>`), so no REGISTER_*
// event can be missed (ctrl_tcp forwards events only to a connected client).
// DTMF: `sndcode <digits>` sends RFC 4733 events on the negotiated telephone-event PT; each key
// lasts 9 packets (180 ms at ptime 20) plus 3 end packets, keys are queued back to back, each
// with its own RTP timestamp; audio keeps flowing meanwhile.
// Registered Contact: <sip:USER-0x…@127.0.0.1:P> (baresip appends a pointer to the user part).
// Processes still running when this Node process exits are SIGKILLed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { portBound } from './sipp.js';
import { killOnExit } from './child-processes.js';

export const BARESIP_BIN = '/usr/bin/baresip';
export const BARESIP_MODULE_DIR = '/usr/lib/baresip/modules';
const REQUIRED_MODULES = ['g711.so', 'aufile.so', 'aubridge.so', 'sndfile.so', 'menu.so', 'ctrl_tcp.so', 'account.so', 'uuid.so'];

export type BaresipEventType =
  | 'REGISTERING' | 'REGISTER_OK' | 'REGISTER_FAIL' | 'UNREGISTERING'
  | 'CALL_INCOMING' | 'CALL_RINGING' | 'CALL_PROGRESS' | 'CALL_ESTABLISHED' | 'CALL_CLOSED'
  | 'CALL_DTMF_START' | 'CALL_DTMF_END' | 'CALL_RTCP' | 'CALL_LOCAL_SDP' | 'CALL_REMOTE_SDP'
  | 'AUDIO_ERROR' | 'SHUTDOWN' | 'EXIT' | (string & {});

/** An event as ctrl_tcp sends it (the `event: true` flag is dropped). */
export interface BaresipEvent {
  type: BaresipEventType;
  class: string;
  /** e.g. 'sip:12333@127.0.0.1:5070' */
  peeruri?: string;
  peerdisplayname?: string;
  accountaor?: string;
  direction?: 'incoming' | 'outgoing';
  /** SIP Call-ID of the call */
  id?: string;
  /** event detail: CALL_CLOSED reason ('Connection reset by peer', '…'), DTMF key, … */
  param?: string;
  /** Date.now() when it arrived */
  at: number;
  [key: string]: unknown;
}

export interface BaresipOptions {
  /**
   * SIP port at 127.0.0.1: baresip listens on it over UDP and TCP, and on port+1 for TLS, so two
   * instances need ports at least 2 apart. Default: a free one in 49000-49998.
   */
  sipPort?: number;
  /** One accounts-file line; see baresipAccount(). Added with `uanew` once control is up. */
  account: string;
  /** Microphone: an 8000 Hz, mono, 16-bit PCM WAV. Default: a generated 440 Hz tone. */
  audioSourceWav?: string;
  /** Length of the generated default source (the call is hung up when it ends). Default 300. */
  audioSeconds?: number;
  /** ctrl_tcp port. Default: a free one. */
  ctrlPort?: number;
  /** RTP port range. Default [30000, 39998] (baresip retries inside it until a bind works). */
  rtpPorts?: [number, number];
  /** Extra config lines appended verbatim (e.g. 'call_local_timeout 10'). */
  extraConfig?: string[];
  /** Print SIP messages to baresip's output (-s); read them with output(). */
  sipTrace?: boolean;
  /** Keep the temp dir (config, recordings, output) after stop(). */
  keepDir?: boolean;
  /** How long to wait for the control port. Default 10 000 ms. */
  startTimeoutMs?: number;
}

export interface BaresipCommandResult {
  ok: boolean;
  data: string;
}

export interface WaitForOptions {
  timeoutMs?: number;
  /** Also require these fields, e.g. { direction: 'incoming' } or { param: '5' }. */
  match?: Partial<Record<string, unknown>>;
}

export interface Baresip {
  readonly dir: string;
  readonly recordingsDir: string;
  readonly sipPort: number;
  readonly ctrlPort: number;
  /** Every event received so far, oldest first. */
  readonly history: readonly BaresipEvent[];
  /** Any menu command, e.g. command('callstat'), command('reginfo'). */
  command(command: string, params?: string): Promise<BaresipCommandResult>;
  /** `dial <uri>`; resolves when baresip accepted the command (not when the call is up). */
  dial(uri: string): Promise<void>;
  /** `accept`: answers the current incoming call. */
  answer(): Promise<void>;
  /** `hangup`: ends (or cancels, or rejects) the current call. */
  hangup(): Promise<void>;
  /** `sndcode <digits>`: queues RFC 4733 events for 0-9 * # A-D on the current call. */
  sendDtmf(digits: string): Promise<void>;
  /** Subscribes to events as they arrive; returns an unsubscribe function. */
  on(listener: (e: BaresipEvent) => void): () => void;
  /** All events from the first one on, then live ones, until stop(). */
  events(): AsyncIterableIterator<BaresipEvent>;
  /**
   * Resolves with the first event of that type (and fields) after the one the previous waitFor
   * returned, so `dial(); waitFor('CALL_ESTABLISHED'); waitFor('CALL_CLOSED')` cannot miss an
   * event that came early. Rejects after timeoutMs (default 15 000) or when baresip exits.
   */
  waitFor(type: BaresipEventType | ((e: BaresipEvent) => boolean), opts?: WaitForOptions | number): Promise<BaresipEvent>;
  /** WAV files sndfile wrote so far (absolute paths, sorted); `-dec.wav` = what this phone heard. */
  recordings(): string[];
  /** baresip's stdout+stderr so far. */
  output(): string;
  /** SIGTERM (baresip hangs up and un-registers, then exits), SIGKILL after 5 s; removes dir. */
  stop(): Promise<void>;
}

let availability: boolean | undefined;

/** True when baresip and the modules this harness loads are installed. */
export function baresipAvailable(): boolean {
  if (availability === undefined) {
    const r = spawnSync(BARESIP_BIN, ['-h'], { encoding: 'utf8', timeout: 5000 });
    availability =
      r.error === undefined &&
      /baresip v\d/.test(`${r.stdout}${r.stderr}`) &&
      REQUIRED_MODULES.every((m) => fs.existsSync(path.join(BARESIP_MODULE_DIR, m)));
  }
  return availability;
}

/**
 * Builds an accounts-file line. Without password/register: no REGISTER (regint=0), good for a
 * caller. With register: REGISTERs to host:port every regint s (default 60) with digest auth.
 */
export function baresipAccount(a: {
  user: string;
  host?: string;
  port?: number;
  displayName?: string;
  password?: string;
  authUser?: string;
  register?: boolean;
  regint?: number;
  /** manual (default: answer() needed), auto, early */
  answerMode?: 'manual' | 'auto' | 'early';
  /** e.g. ['pcma'] or ['pcma', 'pcmu'] (baresip's own order is PCMU first). */
  codecs?: string[];
  transport?: 'udp' | 'tcp';
  ptime?: number;
}): string {
  const host = a.host ?? '127.0.0.1';
  let line = `${a.displayName ? `"${a.displayName}" ` : ''}<sip:${a.user}@${host}${a.port ? `:${a.port}` : ''}`;
  if (a.transport) line += `;transport=${a.transport}`;
  line += '>';
  if (a.authUser) line += `;auth_user=${a.authUser}`;
  if (a.password !== undefined) line += `;auth_pass=${a.password}`;
  line += `;regint=${a.register ? (a.regint ?? 60) : 0}`;
  line += `;answermode=${a.answerMode ?? 'manual'}`;
  if (a.codecs?.length) line += `;audio_codecs=${a.codecs.join(',')}`;
  if (a.ptime) line += `;ptime=${a.ptime}`;
  return line;
}

/**
 * Starts baresip and resolves once its control port answers and the account is added. A port picked
 * here can still be taken before baresip binds it (49000-49998 lies in Linux's range for outgoing
 * connections): then it tries again on other ports.
 */
export async function startBaresip(opts: BaresipOptions): Promise<Baresip> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startBaresipOnce(opts);
    } catch (err) {
      const portTaken = /Address already in use/.test((err as Error).message);
      if (!portTaken || attempt >= 3 || (opts.sipPort !== undefined && opts.ctrlPort !== undefined)) throw err;
    }
  }
}

async function startBaresipOnce(opts: BaresipOptions): Promise<Baresip> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baresip-'));
  const recordingsDir = path.join(dir, 'recordings');
  fs.mkdirSync(recordingsDir);
  const ctrlPort = opts.ctrlPort ?? (await freeTcpPort());
  const sipPort = opts.sipPort ?? freeBaresipSipPort();
  let source = opts.audioSourceWav;
  if (source) checkSourceWav(source);
  else {
    source = path.join(dir, 'source.wav');
    writeToneWav(source, opts.audioSeconds ?? 300);
  }
  const [rtpMin, rtpMax] = opts.rtpPorts ?? [30000, 39998];
  const config = [
    'poll_method\t\tepoll',
    `sip_listen\t\t127.0.0.1:${sipPort}`,
    'net_interface\t\t127.0.0.1',
    'call_local_timeout\t120',
    'call_max_calls\t\t4',
    `audio_source\t\taufile,${source}`,
    'audio_player\t\taubridge,nil',
    'audio_alert\t\taubridge,nil',
    'audio_level\t\tno',
    'ausrc_format\t\ts16',
    'auplay_format\t\ts16',
    'auenc_format\t\ts16',
    'audec_format\t\ts16',
    'audio_buffer\t\t20-160',
    `rtp_ports\t\t${rtpMin}-${rtpMax}`,
    'rtcp_mux\t\tno',
    'jitter_buffer_delay\t5-10',
    'rtp_stats\t\tno',
    `module_path\t\t${BARESIP_MODULE_DIR}`,
    'module\t\t\tg711.so',
    'module\t\t\taufile.so',
    'module\t\t\taubridge.so',
    'module\t\t\tsndfile.so',
    'module_tmp\t\tuuid.so',
    'module_tmp\t\taccount.so',
    'module_app\t\tmenu.so',
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t127.0.0.1:${ctrlPort}`,
    `snd_path\t\t${recordingsDir}`,
    ...(opts.extraConfig ?? []),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'config'), config);
  fs.writeFileSync(path.join(dir, 'accounts'), '');
  fs.writeFileSync(path.join(dir, 'contacts'), '');

  const args = ['-f', dir, ...(opts.sipTrace ? ['-s'] : [])];
  const child = spawn(BARESIP_BIN, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let output = '';
  const append = (d: string) => {
    output += d;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout?.setEncoding('utf8').on('data', append);
  child.stderr?.setEncoding('utf8').on('data', append);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('error', (err) => {
      append(`\nspawn failed: ${err.message}\n`);
      exited = true;
      resolve();
    });
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });

  const cleanup = async () => {
    await killChild(child, exit, () => exited);
    if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  };

  let ctrl: Control;
  try {
    ctrl = await connectControl(ctrlPort, opts.startTimeoutMs ?? 10_000, () => exited);
  } catch (err) {
    const out = output;
    await cleanup();
    throw new Error(`baresip did not open its control port: ${(err as Error).message}\n${out.slice(-2000)}`);
  }
  void exit.then(() => ctrl.close(new Error(`baresip exited\n${output.slice(-1500)}`)));

  const added = await ctrl.command('uanew', opts.account);
  if (!added.ok) {
    await cleanup();
    throw new Error(`baresip refused the account ${opts.account}: ${added.data}`);
  }

  const mustOk = async (command: string, params?: string) => {
    const r = await ctrl.command(command, params);
    if (!r.ok) throw new Error(`baresip ${command}${params ? ` ${params}` : ''} failed: ${r.data}`);
  };

  let cursor = 0;
  let stopped = false;
  return {
    dir,
    recordingsDir,
    sipPort,
    ctrlPort,
    get history() {
      return ctrl.history;
    },
    command: (command, params) => ctrl.command(command, params),
    dial: (uri) => mustOk('dial', uri),
    answer: () => mustOk('accept'),
    hangup: () => mustOk('hangup'),
    async sendDtmf(digits) {
      if (!/^[0-9*#A-Da-d]+$/.test(digits)) throw new Error(`not DTMF digits: ${digits}`);
      await mustOk('sndcode', digits);
    },
    on: (listener) => ctrl.subscribe(listener),
    events: () => ctrl.iterate(),
    async waitFor(type, o) {
      const { timeoutMs = 15_000, match } = typeof o === 'number' ? { timeoutMs: o, match: undefined } : (o ?? {});
      const test = (e: BaresipEvent) =>
        (typeof type === 'function' ? type(e) : e.type === type) &&
        Object.entries(match ?? {}).every(([k, v]) => e[k] === v);
      const start = cursor;
      const found = ctrl.history.findIndex((e, i) => i >= start && test(e));
      if (found >= 0) {
        cursor = found + 1;
        return ctrl.history[found]!;
      }
      return new Promise<BaresipEvent>((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          const seen = ctrl.history.slice(start).map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(', ');
          reject(new Error(`baresip: no ${typeof type === 'function' ? 'matching event' : type} within ${timeoutMs} ms; saw: ${seen || 'nothing'}`));
        }, timeoutMs);
        const unsubscribe = ctrl.subscribe((e) => {
          if (!test(e)) return;
          clearTimeout(timer);
          unsubscribe();
          cursor = ctrl.history.lastIndexOf(e) + 1;
          resolve(e);
        }, (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
    },
    recordings() {
      if (!fs.existsSync(recordingsDir)) return [];
      return fs.readdirSync(recordingsDir).filter((f) => f.endsWith('.wav')).sort().map((f) => path.join(recordingsDir, f));
    },
    output: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      ctrl.close(new Error('baresip stopped'));
      await cleanup();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// ctrl_tcp: netstrings ("<len>:<json>,") both ways, one connection at a time.

interface Control {
  history: BaresipEvent[];
  command(command: string, params?: string): Promise<BaresipCommandResult>;
  subscribe(listener: (e: BaresipEvent) => void, onClose?: (err: Error) => void): () => void;
  iterate(): AsyncIterableIterator<BaresipEvent>;
  close(err: Error): void;
}

async function connectControl(port: number, timeoutMs: number, exited: () => boolean): Promise<Control> {
  const deadline = Date.now() + timeoutMs;
  let socket: net.Socket | undefined;
  while (!socket) {
    if (exited()) throw new Error('baresip exited');
    try {
      socket = await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const sock = socket;
  sock.setNoDelay(true);

  const history: BaresipEvent[] = [];
  const listeners = new Set<{ on: (e: BaresipEvent) => void; close?: (err: Error) => void }>();
  const pending = new Map<string, (r: BaresipCommandResult) => void>();
  let closedWith: Error | undefined;
  let nextToken = 1;
  let buf = Buffer.alloc(0);

  sock.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const colon = buf.indexOf(0x3a); // ':'
      if (colon < 0) break;
      const len = Number(buf.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(len)) {
        buf = Buffer.alloc(0); // out of sync: drop what we have
        break;
      }
      if (buf.length < colon + 1 + len + 1) break;
      const json = buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
      buf = buf.subarray(colon + 1 + len + 1); // skip the trailing ','
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(json) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (msg.response) {
        const token = typeof msg.token === 'string' ? msg.token : '';
        const resolve = pending.get(token);
        pending.delete(token);
        resolve?.({ ok: msg.ok === true, data: typeof msg.data === 'string' ? msg.data : '' });
      } else if (msg.event) {
        const { event: _flag, ...rest } = msg;
        const e = { ...rest, at: Date.now() } as BaresipEvent;
        history.push(e);
        for (const l of [...listeners]) l.on(e);
      }
    }
  });
  const close = (err: Error) => {
    if (closedWith) return;
    closedWith = err;
    sock.destroy();
    for (const resolve of pending.values()) resolve({ ok: false, data: err.message });
    pending.clear();
    for (const l of [...listeners]) l.close?.(err);
    listeners.clear();
  };
  sock.on('close', () => close(new Error('baresip control connection closed')));
  sock.on('error', () => {});

  const control: Control = {
    history,
    command(command, params) {
      if (closedWith) return Promise.resolve({ ok: false, data: closedWith.message });
      const token = String(nextToken++);
      const body = Buffer.from(JSON.stringify({ command, ...(params !== undefined ? { params } : {}), token }), 'utf8');
      return new Promise((resolve) => {
        pending.set(token, resolve);
        sock.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]));
      });
    },
    subscribe(on, onClose) {
      const entry = { on, close: onClose };
      if (closedWith) {
        onClose?.(closedWith);
        return () => {};
      }
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    iterate() {
      let index = 0;
      let wake: (() => void) | undefined;
      const unsubscribe = control.subscribe(() => wake?.(), () => wake?.());
      const iterator: AsyncIterableIterator<BaresipEvent> = {
        async next() {
          for (;;) {
            if (index < history.length) return { value: history[index++]!, done: false };
            if (closedWith) {
              unsubscribe();
              return { value: undefined, done: true };
            }
            await new Promise<void>((r) => (wake = r));
          }
        },
        async return() {
          unsubscribe();
          return { value: undefined, done: true };
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },
    close,
  };
  return control;
}

// ---------------------------------------------------------------------------------------------
// WAV helpers

/** Writes an 8 kHz mono 16-bit WAV: a 440 Hz tone at about -12 dBFS. */
export function writeToneWav(file: string, seconds: number, hz = 440): void {
  const rate = 8000;
  const n = Math.round(rate * seconds);
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  fs.writeFileSync(file, Buffer.concat([wavHeader(rate, 1, data.length), data]));
}

function wavHeader(rate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

interface WavInfo {
  format: number;
  channels: number;
  rate: number;
  bits: number;
  dataOffset: number;
  dataBytes: number;
}

function readWavInfo(buf: Buffer, file: string): WavInfo {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file}: not a RIFF/WAVE file`);
  }
  let off = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes'> | undefined;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(off + 8), channels: buf.readUInt16LE(off + 10), rate: buf.readUInt32LE(off + 12), bits: buf.readUInt16LE(off + 22) };
    } else if (id === 'data') {
      if (!fmt) break;
      // libsndfile fills in the sizes when the file is closed (at call end); before that use the file
      const dataBytes = size === 0 || off + 8 + size > buf.length ? buf.length - off - 8 : size;
      return { ...fmt, dataOffset: off + 8, dataBytes };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`${file}: no fmt/data chunk`);
}

function checkSourceWav(file: string): void {
  const info = readWavInfo(fs.readFileSync(file), file);
  if (info.format !== 1 || info.bits !== 16 || info.channels !== 1 || info.rate !== 8000) {
    throw new Error(`${file}: baresip's aufile needs 8000 Hz mono 16-bit PCM (got ${info.rate} Hz, ${info.channels} ch, ${info.bits} bit, format ${info.format}); convert with: sox IN -r 8000 -c 1 -b 16 OUT.wav`);
  }
}

export interface WavStats {
  seconds: number;
  rate: number;
  /** RMS over the whole file, 0..1 of full scale */
  rms: number;
  /** largest |sample|, 0..1 */
  peak: number;
  /** share of 20 ms frames whose RMS is above `threshold` (default 0.01 ≈ -40 dBFS) */
  activeRatio: number;
}

/** Loudness of a 16-bit PCM WAV (sndfile's recordings), to check that a party heard something. */
export function wavStats(file: string, threshold = 0.01): WavStats {
  const buf = fs.readFileSync(file);
  const info = readWavInfo(buf, file);
  if (info.format !== 1 || info.bits !== 16) throw new Error(`${file}: only 16-bit PCM is supported`);
  const samples = Math.floor(info.dataBytes / 2);
  const frame = Math.max(1, Math.round((info.rate * info.channels) / 50));
  let sumSq = 0;
  let peak = 0;
  let frames = 0;
  let active = 0;
  for (let start = 0; start < samples; start += frame) {
    const end = Math.min(samples, start + frame);
    let fsq = 0;
    for (let i = start; i < end; i++) {
      const v = buf.readInt16LE(info.dataOffset + i * 2) / 32768;
      fsq += v * v;
      if (Math.abs(v) > peak) peak = Math.abs(v);
    }
    sumSq += fsq;
    frames++;
    if (Math.sqrt(fsq / (end - start)) > threshold) active++;
  }
  return {
    seconds: samples / info.channels / info.rate,
    rate: info.rate,
    rms: samples ? Math.sqrt(sumSq / samples) : 0,
    peak,
    activeRatio: frames ? active / frames : 0,
  };
}

// ---------------------------------------------------------------------------------------------

async function killChild(child: ChildProcess, exit: Promise<void>, exited: () => boolean): Promise<void> {
  if (exited()) return;
  try {
    child.kill('SIGTERM');
  } catch {
    /* gone */
  }
  const hard = setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000);
  await exit;
  clearTimeout(hard);
}

function freeBaresipSipPort(): number {
  for (let i = 0; i < 100; i++) {
    const p = 49000 + 2 * Math.floor(Math.random() * 500);
    if (!portBound(p, 'udp') && !portBound(p, 'tcp', true) && !portBound(p + 1, 'tcp', true)) return p;
  }
  throw new Error('no free SIP port for baresip');
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
