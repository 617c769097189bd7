import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { baresipAccount, baresipAvailable, startBaresip, writeToneWav, type Baresip } from '../support/baresip.js';
import { DEFAULT_TEST_NOW, startTestApp, type TestApp } from '../support/app.js';
import { describeSippResult, freeSipPort, runSipp, sippAvailable, SIPP_SCENARIOS, startSipp } from '../support/sipp.js';
import { runningClock, systemClock } from '../../src/platform/clock.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { createInProcessBus } from '../../src/platform/events/in-process-bus.js';
import { DEMO_PHONE_PASSWORD } from '../../src/modules/telephony/index.js';
import type { CallInfo, RecordResult } from '../../src/modules/telephony/call-control.js';
import { CallManager } from '../../src/modules/telephony/calls/call-manager.js';
import { MediaClock } from '../../src/modules/telephony/media/media-clock.js';
import { RtpPortPool } from '../../src/modules/telephony/media/rtp-endpoint.js';
import { decodeAudioFileTo8k, encodeWav } from '../../src/modules/telephony/media/wav.js';
import { PROMPT_NAMES, PROMPT_TEXTS, PromptLibrary } from '../../src/modules/telephony/prompts/prompt-library.js';
import { SipStack } from '../../src/modules/telephony/sip/sip-stack.js';
import type { CallDetailRecord } from '../../src/modules/telephony/telephony.repository.js';

/**
 * The phone line's features beyond the basic call (phone-line.test.ts), each with real SIP peers
 * (SIPp scenarios, baresip softphones): voice messages (silence, '#', maximum length), RTP
 * inactivity, hold and resume from the agent's phone and from the platform, blind transfer by
 * REFER, SIP INFO DTMF, SIP over TCP for callers and agents' phones, an outbound call through the
 * gateway, and a caller that never ACKs.
 *
 * Speed: the prompts are seeded into each app's prompt cache as 0.7 s tones of 350 Hz (the cache
 * is keyed by a hash of the TTS name and the text; phone-line.test.ts covers the synthesis), so
 * the flow does not wait through espeak-ng's long Mandarin (leave_message alone is 11.5 s and
 * cannot be interrupted). Three apps on one PGlite database, two suites' calls side by side:
 * the 12333 flow for agents' features, the 12333 flow for callers' features, and an app with its
 * own call application, RTP_TIMEOUT_SECONDS=2 and a SIPp UAS as SIP_GATEWAY. The no-ACK case
 * needs 64*T1 to be short, and no setting shortens SIP timers (SipStack takes `timers`, the config
 * has none): it runs a bare SipStack + CallManager with T1 = 50 ms against a real SIPp caller.
 */

const PROMPT_MS = 700;
const PROMPT_HZ = 350;
const HOLD_NOTES = [523.25, 587.33, 659.25, 783.99, 880];

type Seen = { type: string; payload: any; at: number };

type PhoneApp = {
  app: TestApp;
  dataDir: string;
  sipPort: number;
  qaToken: string;
  events: Seen[];
  close(): Promise<void>;
};

const EVENT_TYPES = [
  'telephony.call_offered',
  'telephony.call_answered',
  'telephony.dtmf',
  'telephony.call_bridged',
  'telephony.call_held',
  'telephony.call_hung_up',
  'telephony.recording_ready',
] as const;

/** Short prompts in the prompt cache under the names the library looks for (TTS name + text hash). */
function seedShortPrompts(dataDir: string) {
  const dir = path.join(dataDir, 'prompts');
  fs.mkdirSync(dir, { recursive: true });
  const n = (PROMPT_MS / 1000) * 8000;
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * PROMPT_HZ * i) / 8000));
  for (const name of PROMPT_NAMES) {
    const hash = createHash('sha1').update(`espeak-ng|${PROMPT_TEXTS[name]}`).digest('hex').slice(0, 10);
    fs.writeFileSync(path.join(dir, `${name}-${hash}.wav`), encodeWav(pcm, 1, 8000));
  }
}

/**
 * The apps share one PGlite database, as nodes of one deployment share PostgreSQL: opening PGlite
 * and migrating is most of an app's start. Their calls, events and SIP ports are their own.
 */
async function startPhoneApp(db: Database, label: string, env: Record<string, string>): Promise<PhoneApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `phone-features-${label}-`));
  seedShortPrompts(dataDir);
  // Real time (call durations), on a working day at 10:00 (agents are offered).
  const app = await startTestApp(db, {
    clock: runningClock(DEFAULT_TEST_NOW),
    env: { SIP_ENABLED: 'true', SIP_PORT: '0', DATA_DIR: dataDir, KB_STARTER_CONTENT: 'false', ...env },
  });
  assert.ok(app.modules.telephony.running, 'the phone line started');
  assert.equal(app.modules.telephony.prompts.clip('welcome').length, (PROMPT_MS / 1000) * 8000, 'the seeded short prompts are used (did the prompt cache naming change?)');
  const events: Seen[] = [];
  for (const type of EVENT_TYPES) await app.bus.subscribe(type, (e) => void events.push({ type, payload: e.payload, at: Date.now() }));
  const qaToken = await app.login('qa.cc');
  return {
    app,
    dataDir,
    sipPort: app.modules.telephony.sip!.port,
    qaToken,
    events,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The first event (from index `from` on) that matches; waits for it. */
async function waitEvent(p: PhoneApp, what: string, match: (e: Seen) => boolean, timeoutMs = 15_000, from = 0): Promise<Seen> {
  let found: Seen | undefined;
  await waitUntil(what, () => (found = p.events.slice(from).find(match)) !== undefined, timeoutMs);
  return found!;
}

/** The call-detail record of a call, through the API as QA sees it. */
async function callRecord(p: PhoneApp, callId: string) {
  await p.app.modules.telephony.flush();
  const res = await p.app.request('GET', '/api/v1/telephony/calls?limit=50', { token: p.qaToken });
  assert.equal(res.status, 200);
  const record = res.body.items.find((c: { id: string }) => c.id === callId);
  assert.ok(record, `a call-detail record for ${callId}`);
  return record;
}

async function recordingOverApi(p: PhoneApp, callId: string, kind: 'call' | 'voice_message') {
  const res = await p.app.http.inject({ method: 'GET', url: `/api/v1/telephony/calls/${callId}/recording?kind=${kind}`, headers: { authorization: `Bearer ${p.qaToken}` } });
  assert.equal(res.statusCode, 200, `GET ${kind} recording: ${res.body.slice(0, 200)}`);
  assert.match(String(res.headers['content-type']), /^audio\/wav/);
  const wav = res.rawPayload;
  return { wav, channels: wav.readUInt16LE(22), rate: wav.readUInt32LE(24), pcm: decodeAudioFileTo8k(wav), seconds: wav.readUInt32LE(40) / (wav.readUInt16LE(22) * 2) / wav.readUInt32LE(24) };
}

/** Goertzel power of one frequency in a mono 8 kHz clip, relative to the clip's total energy. */
function toneShare(samples: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i]! / 32768;
    total += x * x;
    const s0 = x + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return total > 0 ? power / ((total * samples.length) / 2) : 0;
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

/** Share of 50 ms blocks that are one note of the hold music (the pentatonic phrase). */
function holdMusicShare(samples: Int16Array): number {
  let music = 0;
  let blocks = 0;
  for (let i = 0; i + 400 <= samples.length; i += 400) {
    const block = samples.subarray(i, i + 400);
    blocks++;
    if (rms(block) > 150 && Math.max(...HOLD_NOTES.map((f) => toneShare(block, f))) > 0.5) music++;
  }
  return blocks ? music / blocks : 0;
}

/** A window of a clip by seconds. */
function window(samples: Int16Array, fromS: number, toS: number): Int16Array {
  assert.ok(toS - fromS >= 0.5, `window ${fromS.toFixed(2)}–${toS.toFixed(2)} s is long enough to judge`);
  return samples.subarray(Math.max(0, Math.round(fromS * 8000)), Math.min(samples.length, Math.round(toS * 8000)));
}

/** 8 kHz mono WAV: `silenceS` of silence, then a tone of `toneS`, then silence up to `totalS`. */
function writeDelayedToneWav(file: string, silenceS: number, toneS: number, totalS: number, hz: number) {
  const pcm = new Int16Array(totalS * 8000);
  for (let i = silenceS * 8000; i < (silenceS + toneS) * 8000; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000));
  fs.writeFileSync(file, encodeWav(pcm, 1, 8000));
}

/** The heard (decoded) recording of a baresip call, read as 8 kHz samples. */
function heard(phone: Baresip): Int16Array {
  const file = phone.recordings().find((f) => f.endsWith('-dec.wav'));
  assert.ok(file, `baresip recorded what it heard: ${phone.recordings().join(', ')}`);
  return decodeAudioFileTo8k(fs.readFileSync(file));
}

/** The SIP messages in baresip's output with -s: sender, receiver and text of each. */
function sipTrace(output: string): { from: string; to: string; text: string }[] {
  return [...output.matchAll(/\[36;1m#\r?\n\w+ (\S+) -> (\S+)\r?\n([\s\S]*?)(?:\x1b)?\[;m/g)].map((m) => ({ from: m[1]!, to: m[2]!, text: m[3]! }));
}

/** Established TCP connections with one end on `port` (from /proc/net/tcp), as sorted "a:p-b:p" strings. */
function tcpConnections(port: number): string[] {
  const out = new Set<string>();
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[3] !== '01') continue; // ESTABLISHED
    const local = cols[1]!;
    const remote = cols[2]!;
    if (!local.endsWith(`:${hex(port)}`) && !remote.endsWith(`:${hex(port)}`)) continue;
    out.add([local, remote].sort().join('-'));
  }
  return [...out];
}

let database: Database | null = null;
const apps: { agents?: PhoneApp; callers?: PhoneApp; ownApp?: PhoneApp } = {};
/** The SIPp UAS the own-app calls out through (SIP_GATEWAY is read at start). */
let gatewayPort = 0;
/** The own-app's call application, set by each of its tests. */
let application: (call: CallInfo) => Promise<void> = async () => {};

before(async () => {
  assert.ok(sippAvailable(), 'SIPp is needed (apt-get install sip-tester; .ci/run installs it)');
  assert.ok(baresipAvailable(), 'baresip is needed (apt-get install baresip; .ci/run installs it)');
  // Every app starts before the first call: PGlite and the migrations keep this one thread busy
  // for seconds, which would stall the media clock and the SIP timers of calls in progress.
  database = await openDatabase({ kind: 'pglite', dataDir: null });
  apps.agents = await startPhoneApp(database, 'agents', { RTP_PORT_MIN: '52000', RTP_PORT_MAX: '52399' });
  apps.callers = await startPhoneApp(database, 'callers', { RTP_PORT_MIN: '52400', RTP_PORT_MAX: '52799' });
  gatewayPort = freeSipPort();
  apps.ownApp = await startPhoneApp(database, 'own-app', { RTP_PORT_MIN: '52800', RTP_PORT_MAX: '52949', RTP_TIMEOUT_SECONDS: '2', SIP_GATEWAY: `127.0.0.1:${gatewayPort}` });
  // Our own call application takes the own-app's calls instead of the 12333 flow.
  apps.ownApp.app.modules.telephony.control.onCall((call) => application(call));
});

after(async () => {
  for (const a of Object.values(apps)) await a?.close();
  await database?.close();
});

// Two suites at a time (each runs its calls one after the other): about half the time of one
// after the other, without piling up more phones and media than a CI runner's two cores carry
// next to the other test file.
describe('phone line features with real SIP peers', { concurrency: 2 }, () => {
  // ─── the 12333 flow: agents' features (baresip phones) ──────────────────────────────────────
  describe('agents: hold, resume and blind transfer (default 12333 flow, baresip phones)', { concurrency: 1 }, () => {
    let p: PhoneApp;
    let toneDir: string;
    const tones: Record<number, string> = {};

    before(() => {
      p = apps.agents!;
      toneDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tones-'));
      for (const hz of [440, 1000, 1500]) {
        tones[hz] = path.join(toneDir, `${hz}.wav`);
        writeToneWav(tones[hz], 120, hz);
      }
    });
    after(() => {
      if (toneDir) fs.rmSync(toneDir, { recursive: true, force: true });
    });

    /** Once `agent` has registered: the caller dials 12333, presses 1 and is bridged to `extension`. */
    async function pressOneForAgent(caller: Baresip, agent: Baresip, extension: string) {
      await agent.waitFor('REGISTER_OK', 10_000);
      const from = p.events.length;
      await caller.dial(`sip:12333@127.0.0.1:${p.sipPort}`);
      const established = await caller.waitFor('CALL_ESTABLISHED', 10_000);
      await sleep(400);
      await caller.sendDtmf('1');
      await agent.waitFor('CALL_ESTABLISHED', 10_000);
      const bridged = await waitEvent(p, `bridged to ${extension}`, (e) => e.type === 'telephony.call_bridged' && e.payload.extension === extension, 10_000, from);
      return { from, established, bridged, callId: bridged.payload.callId as string };
    }

    it('hold and resume from the agent\'s phone (re-INVITE sendonly) and from the platform: the caller hears hold music, then the agent again', async () => {
      const control = p.app.modules.telephony.control;
      const agent = await startBaresip({
        account: baresipAccount({ user: '8002', port: p.sipPort, password: DEMO_PHONE_PASSWORD, register: true, regint: 600, answerMode: 'auto' }),
        audioSourceWav: tones[1000],
        sipTrace: true,
      });
      const caller = await startBaresip({ account: baresipAccount({ user: '13900139001', port: p.sipPort }), audioSourceWav: tones[440] });
      try {
        const { from, established, bridged, callId } = await pressOneForAgent(caller, agent, '8002');
        await sleep(1500);

        // The agent presses hold: baresip sends a re-INVITE with a=sendonly.
        const hold = await agent.command('hold');
        assert.ok(hold.ok, `baresip hold: ${hold.data}`);
        const held = await waitEvent(p, 'call_held true', (e) => e.type === 'telephony.call_held' && e.payload.held === true, 5000, from);
        assert.equal(held.payload.callId, callId);
        await sleep(2500);
        const resume = await agent.command('resume');
        assert.ok(resume.ok, `baresip resume: ${resume.data}`);
        const resumed = await waitEvent(p, 'call_held false', (e) => e.type === 'telephony.call_held' && e.payload.held === false, 5000, from);
        await sleep(2000);

        // The platform holds the call (the desk's hold button): re-INVITE sendonly to the agent's phone.
        const traceBefore = agent.output().length;
        const pHeldFrom = p.events.length;
        await control.hold(callId);
        const pHeld = await waitEvent(p, 'call_held true (platform)', (e) => e.type === 'telephony.call_held' && e.payload.held === true, 5000, pHeldFrom);
        await sleep(2500);
        const pResumedFrom = p.events.length;
        await control.resume(callId);
        const pResumed = await waitEvent(p, 'call_held false (platform)', (e) => e.type === 'telephony.call_held' && e.payload.held === false, 5000, pResumedFrom);
        await sleep(2000);
        const platformTrace = agent.output().slice(traceBefore);

        const hangupAt = Date.now();
        await caller.hangup();
        await caller.waitFor('CALL_CLOSED', 10_000);
        await agent.waitFor('CALL_CLOSED', 10_000);

        assert.deepEqual(
          p.events.slice(from).filter((e) => e.type === 'telephony.call_held').map((e) => e.payload.held),
          [true, false, true, false],
          'one held/resumed pair from the phone, one from the platform',
        );

        // The agent's phone got the platform's re-INVITEs, sendonly (hold) then sendrecv, and accepted
        // each: 200 with recvonly, then sendrecv.
        const messages = sipTrace(platformTrace);
        const invites = messages.filter((m) => m.text.startsWith('INVITE ') && m.to.endsWith(`:${agent.sipPort}`));
        const direction = (text: string) => /^a=(sendonly|sendrecv|recvonly|inactive)\r?$/m.exec(text)?.[1];
        assert.deepEqual(invites.map((m) => direction(m.text)), ['sendonly', 'sendrecv'], `re-INVITEs the agent's phone received:\n${platformTrace.slice(0, 3000)}`);
        const answers = invites.map((invite) => {
          const cseq = /^CSeq: (\d+) INVITE/m.exec(invite.text)?.[1];
          const ok = messages.find((m) => m.text.startsWith('SIP/2.0 200 ') && m.text.includes(`CSeq: ${cseq} INVITE`));
          return ok ? direction(ok.text) : 'no 200';
        });
        assert.deepEqual(answers, ['recvonly', 'sendrecv'], 'the phone accepted hold and resume');

        // What the caller heard, on the time line of its call.
        const pcm = heard(caller);
        const at = (t: number) => (t - established.at) / 1000;
        const talk1 = window(pcm, at(bridged.at) + 0.6, at(held.at) - 0.2);
        const hold1 = window(pcm, at(held.at) + 0.5, at(resumed.at) - 0.2);
        const talk2 = window(pcm, at(resumed.at) + 0.6, at(pHeld.at) - 0.2);
        const hold2 = window(pcm, at(pHeld.at) + 0.5, at(pResumed.at) - 0.2);
        const talk3 = window(pcm, at(pResumed.at) + 0.6, at(hangupAt) - 0.3);
        assert.ok(toneShare(talk1, 1000) > 0.5, `the caller hears the agent (1 kHz) before hold: ${toneShare(talk1, 1000).toFixed(2)}`);
        assert.ok(holdMusicShare(hold1) > 0.6, `the caller hears hold music while the phone holds: ${holdMusicShare(hold1).toFixed(2)}`);
        assert.ok(toneShare(hold1, 1000) < 0.05, 'and not the agent');
        assert.ok(toneShare(talk2, 1000) > 0.5, `the agent again after resume: ${toneShare(talk2, 1000).toFixed(2)}`);
        assert.ok(holdMusicShare(hold2) > 0.6, `hold music while the platform holds: ${holdMusicShare(hold2).toFixed(2)}`);
        assert.ok(toneShare(hold2, 1000) < 0.05, 'and not the agent');
        assert.ok(toneShare(talk3, 1000) > 0.5, `the agent again after the platform resumes: ${toneShare(talk3, 1000).toFixed(2)}`);

        const record = await callRecord(p, callId);
        assert.equal(record.outcome, 'agent_answered');
        assert.equal(record.agentExtension, '8002');
        assert.equal(record.hangupBy, 'caller');
      } finally {
        await caller.stop();
        await agent.stop();
      }
    });

    it('blind transfer: the agent\'s phone REFERs the caller to 8003; the caller talks with 8003 both ways, 8001 is released and free again', async () => {
      const control = p.app.modules.telephony.control;
      const agent1 = await startBaresip({
        account: baresipAccount({ user: '8001', port: p.sipPort, password: DEMO_PHONE_PASSWORD, register: true, regint: 600, answerMode: 'auto' }),
        audioSourceWav: tones[1000],
      });
      const caller = await startBaresip({ account: baresipAccount({ user: '13900139002', port: p.sipPort }), audioSourceWav: tones[440] });
      let agent3: Baresip | null = null;
      try {
        const { from, callId } = await pressOneForAgent(caller, agent1, '8001');
        // 8003 registers only now, so the flow could not have picked it.
        agent3 = await startBaresip({
          account: baresipAccount({ user: '8003', port: p.sipPort, password: DEMO_PHONE_PASSWORD, register: true, regint: 600, answerMode: 'auto' }),
          audioSourceWav: tones[1500],
        });
        await agent3.waitFor('REGISTER_OK', 10_000);
        assert.ok(!control.availablePhones().includes('8001'), '8001 is busy while talking');
        await sleep(1000);

        const transfer = await agent1.command('transfer', `sip:8003@127.0.0.1:${p.sipPort}`);
        assert.ok(transfer.ok, `baresip transfer: ${transfer.data}`);
        await agent3.waitFor('CALL_ESTABLISHED', 10_000);
        const closed1 = await agent1.waitFor('CALL_CLOSED', 10_000);
        // baresip closes a transferred call on the NOTIFY whose sipfrag says 200 (RFC 3515).
        assert.equal(closed1.param, 'Call transfered', 'the transferor was told the transfer succeeded before being released');
        const rebridged = await waitEvent(p, 'bridged to 8003', (e) => e.type === 'telephony.call_bridged' && e.payload.extension === '8003', 5000, from);
        assert.equal(rebridged.payload.callId, callId, 'the same call, now with 8003');
        assert.equal(control.get(callId)?.bridgedTo, '8003');
        assert.ok(control.availablePhones().includes('8001'), `8001 is free for the next caller once it transferred (available: ${control.availablePhones().join(', ')})`);
        assert.ok(!control.availablePhones().includes('8003'), '8003 is busy');
        await sleep(2500);

        // 8003 hangs up: the caller is back with the flow, which says goodbye and ends the call.
        const closedFrom = p.events.length;
        await agent3.hangup();
        await agent3.waitFor('CALL_CLOSED', 5000);
        await caller.waitFor('CALL_CLOSED', 8000);
        const ended = await waitEvent(p, 'call_hung_up', (e) => e.type === 'telephony.call_hung_up' && e.payload.callId === callId, 5000, closedFrom);
        assert.equal(ended.payload.outcome, 'agent_answered');

        const callerHeard = heard(caller);
        const agent3Heard = heard(agent3);
        const end = callerHeard.length / 8000;
        // The caller's last 1.4 s are goodbye (0.7 s) after 8003 left; before that, 8003's 1.5 kHz.
        assert.ok(toneShare(window(callerHeard, end - 3.2, end - 1.2), 1500) > 0.5, `the caller heard 8003 (1.5 kHz): ${toneShare(window(callerHeard, end - 3.2, end - 1.2), 1500).toFixed(2)}`);
        assert.ok(toneShare(agent3Heard.subarray(8000), 440) > 0.5, `8003 heard the caller (440 Hz): ${toneShare(agent3Heard.subarray(8000), 440).toFixed(2)}`);

        const record = await callRecord(p, callId);
        assert.equal(record.outcome, 'agent_answered');
        assert.equal(record.agentExtension, '8003', 'the CDR names the last agent');
        assert.equal(record.hangupBy, 'agent');
      } finally {
        await caller.stop();
        await agent1.stop();
        await agent3?.stop();
      }
    });

    it('blind transfer where the transferor hangs up right after its REFER: the caller hears 8003 ring, then talks with 8003', async () => {
      const agent1 = await startBaresip({
        account: baresipAccount({ user: '8001', port: p.sipPort, password: DEMO_PHONE_PASSWORD, register: true, regint: 600, answerMode: 'auto' }),
        audioSourceWav: tones[1000],
      });
      const caller = await startBaresip({ account: baresipAccount({ user: '13900139004', port: p.sipPort }), audioSourceWav: tones[440] });
      let agent3: Baresip | null = null;
      try {
        const { from, established, callId } = await pressOneForAgent(caller, agent1, '8001');
        // 8003 answers by hand, 1.5 s after it starts ringing.
        agent3 = await startBaresip({
          account: baresipAccount({ user: '8003', port: p.sipPort, password: DEMO_PHONE_PASSWORD, register: true, regint: 600, answerMode: 'manual' }),
          audioSourceWav: tones[1500],
        });
        await agent3.waitFor('REGISTER_OK', 10_000);
        await sleep(500);

        const transfer = await agent1.command('transfer', `sip:8003@127.0.0.1:${p.sipPort}`);
        assert.ok(transfer.ok, `baresip transfer: ${transfer.data}`);
        await agent1.hangup();
        await agent1.waitFor('CALL_CLOSED', 5000);
        const ringing = await agent3.waitFor('CALL_INCOMING', 5000);
        await sleep(1500);
        assert.ok(p.app.modules.telephony.control.get(callId), 'the call goes on without the transferor');
        await agent3.answer();
        await agent3.waitFor('CALL_ESTABLISHED', 5000);
        await waitEvent(p, 'bridged to 8003', (e) => e.type === 'telephony.call_bridged' && e.payload.extension === '8003', 5000, from);
        await sleep(2000);
        await caller.hangup();
        await caller.waitFor('CALL_CLOSED', 5000);
        await agent3.waitFor('CALL_CLOSED', 5000);

        const callerHeard = heard(caller);
        const at = (t: number) => (t - established.at) / 1000;
        // China's ringback is 1 s of 450 Hz, then 4 s of silence.
        const ring = window(callerHeard, at(ringing.at) + 0.15, at(ringing.at) + 0.85);
        assert.ok(toneShare(ring, 450) > 0.5, `the caller heard ringback while 8003 rang: ${toneShare(ring, 450).toFixed(2)}`);
        const end = callerHeard.length / 8000;
        assert.ok(toneShare(window(callerHeard, end - 1.5, end - 0.3), 1500) > 0.5, 'then 8003 (1.5 kHz)');
        assert.ok(toneShare(heard(agent3).subarray(4000), 440) > 0.5, '8003 heard the caller');

        const record = await callRecord(p, callId);
        assert.equal(record.outcome, 'agent_answered');
        assert.equal(record.agentExtension, '8003');
        assert.equal(record.hangupBy, 'caller', 'the caller hung up last; the transferor leaving did not count as the end');
      } finally {
        await caller.stop();
        await agent1.stop();
        await agent3?.stop();
      }
    });
  });

  // ─── the 12333 flow: callers' features ──────────────────────────────────────────────────────
  describe('callers: voice messages, SIP INFO keys, SIP over TCP (default 12333 flow)', { concurrency: 1 }, () => {
    let p: PhoneApp;
    let toneDir: string;

    before(() => {
      p = apps.callers!;
      toneDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tones-'));
    });
    after(() => {
      if (toneDir) fs.rmSync(toneDir, { recursive: true, force: true });
    });

    it('voice message from baresip: 2, the caller talks (a tone), # ends it; QA gets a mono WAV as long as the message', async () => {
      // The caller's microphone: 2.5 s of silence, 2 s of 440 Hz, then silence (sent as silent packets).
      const source = path.join(toneDir, 'message.wav');
      writeDelayedToneWav(source, 2.5, 2, 60, 440);
      const caller = await startBaresip({ account: baresipAccount({ user: '13900139003', port: p.sipPort }), audioSourceWav: source });
      try {
        const from = p.events.length;
        await caller.dial(`sip:12333@127.0.0.1:${p.sipPort}`);
        const established = await caller.waitFor('CALL_ESTABLISHED', 10_000);
        await sleep(300);
        await caller.sendDtmf('2');
        // leave_message (0.7 s), beep (0.4 s), the message; '#' 5.5 s into the call.
        await sleep(established.at + 5500 - Date.now());
        await caller.sendDtmf('#');
        // message_saved + goodbye, then the platform's BYE.
        await caller.waitFor('CALL_CLOSED', 8000);
        const keys = p.events.slice(from).filter((e) => e.type === 'telephony.dtmf');
        assert.deepEqual(keys.map((e) => e.payload.digit), ['2', '#']);
        const ready = await waitEvent(p, 'the voice message', (e) => e.type === 'telephony.recording_ready' && e.payload.kind === 'voice_message', 5000, from);
        const callId: string = ready.payload.callId;
        assert.ok(ready.at - keys[1]!.at < 300, `'#' ended the message at once (${ready.at - keys[1]!.at} ms)`);

        const record = await callRecord(p, callId);
        assert.equal(record.outcome, 'voice_message');
        assert.equal(record.hasVoiceMessage, true);
        assert.equal(record.hangupBy, 'platform');

        const vm = await recordingOverApi(p, callId, 'voice_message');
        assert.equal(vm.channels, 1, 'mono');
        assert.equal(vm.rate, 8000);
        assert.ok(Math.abs(vm.seconds * 1000 - ready.payload.durationMs) <= 20, `WAV ${vm.seconds} s, the platform says ${ready.payload.durationMs} ms`);
        // From the end of the beep (leave_message + beep after '2') to '#'.
        const expectedS = (keys[1]!.at - keys[0]!.at - PROMPT_MS - 400) / 1000;
        assert.ok(Math.abs(vm.seconds - expectedS) < 0.25, `message ${vm.seconds.toFixed(2)} s for ${expectedS.toFixed(2)} s between the beep and '#'`);
        // The caller's 2 s of 440 Hz are in it, whole.
        const frames = Math.floor(vm.pcm.length / 160);
        const active = Array.from({ length: frames }, (_, i) => rms(vm.pcm.subarray(i * 160, (i + 1) * 160)) > 400);
        const first = active.indexOf(true);
        const last = active.lastIndexOf(true);
        assert.ok(first >= 0, 'the message has the caller\'s voice');
        const toneS = (last - first + 1) * 0.02;
        assert.ok(Math.abs(toneS - 2) < 0.1, `2 s of the caller talking (${toneS.toFixed(2)} s)`);
        assert.ok(toneShare(vm.pcm.subarray(first * 160, (last + 1) * 160), 440) > 0.8, 'it is the caller\'s 440 Hz');
      } finally {
        await caller.stop();
      }
    });

    it('voice message from SIPp: 2, a pause with no RTP, speech (g711a.pcap) that stops, and 5 s with no RTP end it as silence; the WAV keeps the caller\'s time', async () => {
      const from = p.events.length;
      // '2'; no RTP for 2.1 s; 2.1 s of speech; key 5 (its pcap stops the speech, and then nothing is sent).
      const r = await runSipp({
        scenario: SIPP_SCENARIOS.callerDtmf,
        target: `127.0.0.1:${p.sipPort}`,
        service: '12333',
        calls: 1,
        vars: { digits: '2,v,5', greetMs: 500, commaMs: 1500, digitGapMs: 600, holdMs: 0, hangup: 'callee', byeWaitMs: 12_000 },
        timeoutMs: 30_000,
      });
      assert.equal(r.failedCalls, 0, `the platform ended the call after the message\n${describeSippResult(r)}`);
      assert.equal(r.successfulCalls, 1, describeSippResult(r));
      const keys = p.events.slice(from).filter((e) => e.type === 'telephony.dtmf');
      assert.deepEqual(keys.map((e) => e.payload.digit), ['2', '5']);
      const ready = await waitEvent(p, 'the voice message', (e) => e.type === 'telephony.recording_ready' && e.payload.kind === 'voice_message', 5000, from);
      const callId: string = ready.payload.callId;
      const record = await callRecord(p, callId);
      assert.equal(record.outcome, 'voice_message');
      assert.equal(record.hangupBy, 'platform', 'the flow ended the call, not the RTP timeout');

      const vm = await recordingOverApi(p, callId, 'voice_message');
      assert.equal(vm.channels, 1);
      // From the end of the beep to the last speech (key 5) plus the 5 s of silence that ended it:
      // gaps in the caller's RTP are the caller's time too, not left out.
      const expectedS = (keys[1]!.at - keys[0]!.at - PROMPT_MS - 400) / 1000 + 5;
      assert.ok(Math.abs(vm.seconds - expectedS) < 0.3, `message ${vm.seconds.toFixed(2)} s for ${expectedS.toFixed(2)} s (beep to key 5, plus 5 s)`);
      const frames = Math.floor(vm.pcm.length / 160);
      const active = Array.from({ length: frames }, (_, i) => rms(vm.pcm.subarray(i * 160, (i + 1) * 160)) > 400);
      const trailingS = (frames - active.lastIndexOf(true) - 1) * 0.02;
      assert.ok(trailingS > 4.7 && trailingS <= 5.05, `it ends with the 5 s of silence (${trailingS.toFixed(2)} s)`);
      assert.ok(rms(vm.pcm.subarray(Math.round((vm.seconds - 6.8) * 8000), Math.round((vm.seconds - 5.2) * 8000))) > 300, 'the speech is just before');
    });

    it('SIP INFO DTMF: a caller without telephone-event keys 1 in an INFO (dtmf-relay) and is bridged to the agent', async () => {
      const agent = startSipp({
        scenario: SIPP_SCENARIOS.agentPhone,
        oocScenario: SIPP_SCENARIOS.uasReference,
        target: `127.0.0.1:${p.sipPort}`,
        service: '8001',
        authUser: '8001',
        authPassword: DEMO_PHONE_PASSWORD,
        calls: 1,
        vars: { expectCalls: 1, waitMs: 20_000 },
        timeoutMs: 30_000,
      });
      await agent.ready;
      await waitUntil('8001 to register', () => p.app.modules.telephony.sip!.registrar.lookup('8001') !== null);
      const from = p.events.length;
      const r = await runSipp({
        scenario: SIPP_SCENARIOS.callerInfoDtmf,
        target: `127.0.0.1:${p.sipPort}`,
        service: '12333',
        calls: 1,
        vars: { digit: '1', greetMs: 600, holdMs: 3000 },
        timeoutMs: 30_000,
      });
      assert.equal(r.failedCalls, 0, `the INFO got its 200 and the answer named no telephone-event\n${describeSippResult(r)}`);
      assert.equal(r.successfulCalls, 1, describeSippResult(r));
      const ar = await agent.done;
      assert.equal(ar.failedCalls, 0, describeSippResult(ar));
      assert.equal(ar.successfulCalls, 1, describeSippResult(ar));
      const keys = p.events.slice(from).filter((e) => e.type === 'telephony.dtmf');
      assert.deepEqual(keys.map((e) => e.payload.digit), ['1'], 'the INFO key, once');
      const bridged = await waitEvent(p, 'bridged', (e) => e.type === 'telephony.call_bridged', 1000, from);
      assert.equal(bridged.payload.extension, '8001');
      const record = await callRecord(p, keys[0]!.payload.callId);
      assert.equal(record.outcome, 'agent_answered');
      assert.equal(record.agentExtension, '8001');
    });

    it('TCP: a SIPp caller over TCP hears the greeting and hangs up cleanly', async () => {
      const from = p.events.length;
      const r = await runSipp({
        scenario: SIPP_SCENARIOS.callerDtmf,
        target: `127.0.0.1:${p.sipPort}`,
        service: '12333',
        transport: 't1',
        calls: 1,
        vars: { digits: '', greetMs: 1500, holdMs: 0, hangup: 'caller' },
        timeoutMs: 20_000,
        traceMessages: true,
      });
      assert.equal(r.failedCalls, 0, describeSippResult(r));
      assert.equal(r.successfulCalls, 1, describeSippResult(r));
      assert.match(r.messages ?? '', /SIP\/2\.0 200 OK[\s\S]*?Contact: <sip:12333@[^>]*;transport=tcp>/, 'the 200 names a TCP contact');
      const offered = await waitEvent(p, 'offered', (e) => e.type === 'telephony.call_offered', 1000, from);
      const callId: string = offered.payload.callId;
      const record = await callRecord(p, callId);
      assert.equal(record.hangupBy, 'caller');
      assert.equal(record.hangupCause, 'remote_bye');
      assert.equal(record.outcome, 'self_service');
      assert.ok(record.rtpPacketsOut > 50, `the greeting was sent (${record.rtpPacketsOut} packets)`);
      // The platform's recording: what the caller heard (right) starts with the greeting (350 Hz prompts).
      const rec = await recordingOverApi(p, callId, 'call');
      assert.equal(rec.channels, 2);
      const right = new Int16Array(8000);
      for (let i = 0; i < right.length; i++) right[i] = rec.wav.readInt16LE(44 + (i * 2 + 1) * 2);
      assert.ok(toneShare(right.subarray(800, 4800), PROMPT_HZ) > 0.5, 'the caller was played the greeting');
    });

    it('TCP: an agent phone registered over TCP gets its INVITE on the connection it registered on', async () => {
      const agent = startSipp({
        scenario: SIPP_SCENARIOS.agentPhone,
        oocScenario: SIPP_SCENARIOS.uasReference,
        target: `127.0.0.1:${p.sipPort}`,
        service: '8002',
        authUser: '8002',
        authPassword: DEMO_PHONE_PASSWORD,
        transport: 't1',
        calls: 1,
        vars: { expectCalls: 1, waitMs: 20_000 },
        timeoutMs: 30_000,
      });
      await waitUntil('8002 to register over TCP', () => p.app.modules.telephony.sip!.registrar.lookup('8002') !== null);
      const binding = p.app.modules.telephony.status().registeredPhones.find((b) => b.extension === '8002');
      assert.equal(binding?.transport, 'tcp');
      const conns = tcpConnections(p.sipPort);
      assert.equal(conns.length, 1, `one TCP connection to the platform: ${conns.join(', ')}`);

      const from = p.events.length;
      const r = await runSipp({
        scenario: SIPP_SCENARIOS.callerDtmf,
        target: `127.0.0.1:${p.sipPort}`,
        service: '12333',
        calls: 1,
        vars: { digits: '1', greetMs: 500, holdMs: 2500 },
        timeoutMs: 20_000,
      });
      assert.equal(r.failedCalls, 0, describeSippResult(r));
      assert.equal(r.successfulCalls, 1, describeSippResult(r));
      const during = tcpConnections(p.sipPort);
      const ar = await agent.done;
      assert.equal(ar.failedCalls, 0, describeSippResult(ar));
      assert.equal(ar.successfulCalls, 1, describeSippResult(ar));
      assert.deepEqual(during, conns, 'the INVITE and BYE went on the phone\'s own connection, none was opened to its Contact');
      const bridged = await waitEvent(p, 'bridged', (e) => e.type === 'telephony.call_bridged', 1000, from);
      assert.equal(bridged.payload.extension, '8002');
      const record = await callRecord(p, bridged.payload.callId);
      assert.equal(record.outcome, 'agent_answered');
    });
  });

  // ─── own call application, RTP timeout 2 s, a gateway ───────────────────────────────────────
  describe('own call application: maximum-length message, RTP inactivity, outbound call through the gateway', { concurrency: 1 }, () => {
    let p: PhoneApp;

    before(() => {
      p = apps.ownApp!;
    });

    it('record() stops at maxMs: a 2 s message from a caller who keeps talking (g711a.pcap, 7 s)', async () => {
      const control = p.app.modules.telephony.control;
      let result: RecordResult | null = null;
      let recordMs = 0;
      application = async (call) => {
        await control.answer(call.callId);
        const t0 = performance.now();
        result = await control.record(call.callId, { maxMs: 2000, silenceEndMs: 5000, beep: false });
        recordMs = performance.now() - t0;
        await control.hangup(call.callId);
      };
      const from = p.events.length;
      const r = await runSipp({
        scenario: SIPP_SCENARIOS.callerDtmf,
        target: `127.0.0.1:${p.sipPort}`,
        service: '12333',
        calls: 1,
        vars: { digits: '', greetMs: 4000, holdMs: 0, hangup: 'callee', byeWaitMs: 5000 },
        timeoutMs: 20_000,
      });
      assert.equal(r.failedCalls, 0, describeSippResult(r));
      assert.equal(r.successfulCalls, 1, describeSippResult(r));
      assert.ok(result, 'record() returned');
      const res = result as RecordResult;
      assert.equal(res.reason, 'max_length');
      assert.equal(res.durationMs, 2000);
      assert.ok(recordMs > 1800 && recordMs < 2600, `it took the caller's 2 s (${recordMs.toFixed(0)} ms)`);
      const offered = await waitEvent(p, 'offered', (e) => e.type === 'telephony.call_offered', 1000, from);
      const record = await callRecord(p, offered.payload.callId);
      assert.equal(record.outcome, 'voice_message');
      assert.equal(record.hangupBy, 'platform');
      const vm = await recordingOverApi(p, offered.payload.callId, 'voice_message');
      assert.equal(vm.channels, 1);
      assert.equal(vm.seconds, 2);
      assert.ok(rms(vm.pcm) > 300, 'it is the caller\'s speech');
    });

    it('RTP inactivity: a caller that stops sending RTP gets a BYE within a few seconds (RTP_TIMEOUT_SECONDS=2)', async () => {
      const control = p.app.modules.telephony.control;
      let played: string | null = null;
      application = async (call) => {
        await control.answer(call.callId);
        played = await control.play(call.callId, [{ tone: 'hold_music', ms: 30_000 }]);
      };
      const from = p.events.length;
      // 0.3 s of speech, then key 5 (its pcap stops the speech), then no RTP at all; wait for the BYE.
      const r = await runSipp({
        scenario: SIPP_SCENARIOS.callerDtmf,
        target: `127.0.0.1:${p.sipPort}`,
        service: '12333',
        calls: 1,
        vars: { digits: '5', greetMs: 300, digitGapMs: 300, holdMs: 0, hangup: 'callee', byeWaitMs: 6000 },
        timeoutMs: 20_000,
      });
      assert.equal(r.failedCalls, 0, `the platform sent a BYE within 6 s of the last packet\n${describeSippResult(r)}`);
      assert.equal(r.successfulCalls, 1, describeSippResult(r));
      const key = await waitEvent(p, 'key 5', (e) => e.type === 'telephony.dtmf', 1000, from);
      const ended = await waitEvent(p, 'hung up', (e) => e.type === 'telephony.call_hung_up', 3000, from);
      const silentS = (ended.at - key.at) / 1000;
      assert.ok(silentS >= 2 && silentS < 4, `hung up ${silentS.toFixed(2)} s after the last packet`);
      assert.equal(played, 'hung_up');
      const record = await callRecord(p, key.payload.callId);
      assert.equal(record.hangupCause, 'rtp_timeout');
      assert.equal(record.outcome, 'failed');
    });

    it('outbound call (callback) through the gateway: originate → the gateway is called with the number, answers; play; hang up', async () => {
      const control = p.app.modules.telephony.control;
      let incoming = 0;
      application = async () => void incoming++;
      const gateway = startSipp({ scenario: SIPP_SCENARIOS.uasReference, localPort: gatewayPort, calls: 1, timeoutMs: 20_000, traceMessages: true });
      await gateway.ready;
      const from = p.events.length;
      const { callId, outcome } = await control.originate({ number: '13800138000' }, { ringTimeoutMs: 5000 });
      assert.equal(outcome, 'bridged', 'answered');
      assert.ok(callId);
      assert.equal(control.get(callId)?.direction, 'outbound');
      const played = await control.play(callId, [{ tone: 'beep', ms: 600 }]);
      assert.equal(played, 'finished');
      await control.hangup(callId);
      const g = await gateway.done;
      assert.equal(g.failedCalls, 0, describeSippResult(g));
      assert.equal(g.successfulCalls, 1, `the gateway's call ended with our BYE\n${describeSippResult(g)}`);
      assert.match(g.messages ?? '', /INVITE sip:13800138000@127\.0\.0\.1:\d+ SIP\/2\.0/, 'the number is in the Request-URI');
      assert.match(g.messages ?? '', /^From: "12333" <sip:12333@/m, 'the caller ID is the service number');

      await waitEvent(p, 'hung up', (e) => e.type === 'telephony.call_hung_up' && e.payload.callId === callId, 3000, from);
      assert.equal(incoming, 0, 'no call came in: the one call is ours, outbound');
      const record = await callRecord(p, callId);
      assert.equal(record.direction, 'outbound');
      assert.equal(record.calledNumber, '13800138000');
      assert.equal(record.hangupBy, 'platform');
      assert.ok(record.answeredAt);
      assert.ok(record.rtpPacketsOut >= 30, `the beep was sent (${record.rtpPacketsOut} packets)`);
      // The gateway starts its audio after its 200; how much arrives before our BYE varies with the machine.
      assert.ok(record.rtpPacketsIn >= 10, `the gateway's audio came in (${record.rtpPacketsIn} packets)`);
    });
  });

  // ─── a caller who never ACKs: a bare SIP stack and call manager with T1 = 50 ms ────────────
  describe('a caller who vanishes before the ACK', { concurrency: 1 }, () => {
    it('the platform retransmits its 200, then after 64*T1 without an ACK sends a BYE and ends the call (no_ack)', async () => {
      const log = pino({ level: 'silent' });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-ack-'));
      const records: CallDetailRecord[] = [];
      let manager: CallManager | null = null;
      const T1 = 50;
      const stack = await SipStack.start({
        host: '127.0.0.1',
        port: 0,
        publicAddress: '127.0.0.1',
        realm: '12333',
        log,
        findAccount: async () => null,
        onInvite: (req, flow, tx) => manager?.onInvite(req, flow, tx),
        timers: { T1 },
      });
      const mediaClock = new MediaClock(20);
      const prompts = new PromptLibrary({ name: 'none', synthesize: async () => new Int16Array(800) }, path.join(dir, 'prompts'), log);
      manager = new CallManager({
        stack,
        ports: new RtpPortPool(52950, 52999),
        clock: systemClock,
        mediaClock,
        bus: createInProcessBus({ clock: systemClock, log }),
        log,
        prompts,
        rtpHost: '127.0.0.1',
        recvBufferSize: 65536,
        rtpTimeoutMs: 30_000,
        recordingsDir: path.join(dir, 'recordings'),
        serviceNumbers: new Set(['12333']),
        isTrunk: () => true,
        gateway: null,
        findAccount: async () => null,
        writeRecord: async (r) => void records.push(r),
      });
      const control = manager;
      let answered = false;
      control.onCall(async (call) => {
        await control.answer(call.callId);
        answered = true;
        await control.play(call.callId, [{ tone: 'hold_music', ms: 20_000 }]);
      });
      mediaClock.start();
      try {
        const r = await runSipp({ scenario: SIPP_SCENARIOS.callerNoAck, target: `127.0.0.1:${stack.port}`, service: '12333', calls: 1, timeoutMs: 15_000, traceMessages: true });
        assert.equal(r.failedCalls, 0, `the platform's BYE came\n${describeSippResult(r)}`);
        assert.equal(r.successfulCalls, 1, describeSippResult(r));
        // SIPp's own clock: when it sent the INVITE, and when each 200 and the BYE reached it.
        const trace = [...(r.messages ?? '').matchAll(/^-+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\n\w+ message (sent|received)[^\n]*\n\n?([^\n]+)/gm)].map((m) => ({
          at: Date.parse(m[1]!.replace(' ', 'T')) + Number(`0.${m[1]!.split('.')[1]!.slice(3)}`),
          sent: m[2] === 'sent',
          line: m[3]!,
        }));
        const invite = trace.find((m) => m.sent && m.line.startsWith('INVITE '));
        const oks = trace.filter((m) => !m.sent && m.line.startsWith('SIP/2.0 200'));
        const bye = trace.find((m) => !m.sent && m.line.startsWith('BYE '));
        assert.ok(invite && bye, `the INVITE went and a BYE came back: ${trace.map((m) => m.line).join(' | ')}`);
        assert.ok(oks.length >= 5, `the 200 was retransmitted (T1, 2T1, 4T1 …) while no ACK came: ${oks.length} copies`);
        // The 200 left after the INVITE arrived, so the BYE cannot come before INVITE + 64*T1.
        const waitedMs = bye.at - invite.at;
        assert.ok(waitedMs >= 64 * T1 && waitedMs < 64 * T1 + 700, `gave up ${waitedMs.toFixed(0)} ms after the INVITE (64*T1 = ${64 * T1} ms)`);
        assert.ok(oks.every((m) => m.at < bye.at), 'no 200 after the BYE');
        await manager.flush();
        assert.equal(records.length, 1);
        const rec = records[0]!;
        assert.equal(rec.hangupCause, 'no_ack');
        assert.equal(rec.hangupBy, 'caller', 'the caller is the one who went away');
        assert.ok(answered, 'the call application had answered');
        assert.equal(control.activeCalls().length, 0);
      } finally {
        await manager.close();
        mediaClock.stop();
        await stack.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
