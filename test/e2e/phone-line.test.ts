import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { baresipAccount, baresipAvailable, startBaresip, wavStats, writeToneWav } from '../support/baresip.js';
import { DEFAULT_TEST_NOW, startTestApp, type TestApp } from '../support/app.js';
import { runningClock } from '../../src/platform/clock.js';
import { describeSippResult, runSipp, sippAvailable, SIPP_SCENARIOS, startSipp } from '../support/sipp.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { decodeAudioFileTo8k } from '../../src/modules/telephony/media/wav.js';
import { DEMO_PHONE_PASSWORD } from '../../src/modules/telephony/index.js';

/**
 * The phone line end to end with real SIP peers, as the issue asks: a citizen calls 12333 (SIPp
 * with RFC 4733 keys from Debian's pcaps; baresip as a real softphone), hears the greeting,
 * presses 1, is bridged to an agent's phone registered with digest authentication (SIPp, then
 * baresip), both directions carry audio, the caller hangs up, and a stereo WAV of the call exists
 * with the caller on the left and what the caller heard on the right.
 */

/** A channel's energy (RMS) over a stretch of a stereo 16-bit WAV; `channel` 0 = left. */
function channelRms(file: string, channel: 0 | 1, fromS = 0, toS = Infinity): number {
  const buf = fs.readFileSync(file);
  const data = buf.subarray(44);
  const frames = Math.floor(data.length / 4);
  const start = Math.floor(fromS * 8000);
  const end = Math.min(frames, Math.floor(toS * 8000));
  let sum = 0;
  for (let i = start; i < end; i++) {
    const s = data.readInt16LE(i * 4 + channel * 2);
    sum += s * s;
  }
  return end > start ? Math.sqrt(sum / (end - start)) : 0;
}

/** Goertzel power of one frequency in a mono 8 kHz clip, relative to the clip's total energy. */
function toneShare(samples: Int16Array, hz: number): number {
  const k = (2 * Math.cos((2 * Math.PI * hz) / 8000));
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
  return total > 0 ? power / (total * samples.length / 2) : 0;
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('phone line with real SIP peers', () => {
  let app: TestApp;
  let dataDir: string;
  let sipTarget: string;
  let qaToken: string;
  const events: { type: string; payload: any }[] = [];

  before(async () => {
    assert.ok(sippAvailable(), 'SIPp is needed (apt-get install sip-tester; .ci/run installs it)');
    assert.ok(baresipAvailable(), 'baresip is needed (apt-get install baresip; .ci/run installs it)');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-line-'));
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    // Real time (call durations), on a working day at 10:00 (agents are offered).
    app = await startTestApp(db, {
      clock: runningClock(DEFAULT_TEST_NOW),
      env: { SIP_ENABLED: 'true', SIP_PORT: '0', RTP_PORT_MIN: '51000', RTP_PORT_MAX: '51999', DATA_DIR: dataDir, KB_STARTER_CONTENT: 'false' },
    });
    const close = app.close;
    app.close = async () => {
      await close();
      await db.close();
    };
    assert.ok(app.modules.telephony.running, 'the phone line started');
    sipTarget = `127.0.0.1:${app.modules.telephony.sip!.port}`;
    for (const type of ['telephony.call_offered', 'telephony.call_answered', 'telephony.dtmf', 'telephony.call_bridged', 'telephony.call_hung_up', 'telephony.recording_ready'] as const) {
      await app.bus.subscribe(type, (e) => void events.push({ type, payload: e.payload }));
    }
    qaToken = await app.login('qa.cc');
  });

  after(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function lastCall() {
    await app.modules.telephony.flush();
    const res = await app.request('GET', '/api/v1/telephony/calls?limit=1', { token: qaToken });
    assert.equal(res.status, 200);
    return res.body.items[0];
  }

  it('synthesised the Mandarin prompt set with espeak-ng at first start', () => {
    const files = fs.readdirSync(path.join(dataDir, 'prompts')).filter((f) => f.endsWith('.wav'));
    assert.ok(files.some((f) => f.startsWith('welcome-')), `prompts: ${files.join(', ')}`);
    const welcome = app.modules.telephony.prompts.clip('welcome');
    assert.ok(welcome.length / 8000 > 2, `the greeting lasts ${welcome.length / 8000} s`);
  });

  it('a SIPp caller presses 1 and is bridged to a SIPp agent phone registered with digest; the call is recorded in stereo', async () => {
    const agent = startSipp({
      scenario: SIPP_SCENARIOS.agentPhone,
      oocScenario: SIPP_SCENARIOS.uasReference,
      target: sipTarget,
      service: '8001',
      authUser: '8001',
      authPassword: DEMO_PHONE_PASSWORD,
      calls: 1,
      vars: { expectCalls: 1, waitMs: 40_000 },
      timeoutMs: 60_000,
    });
    await agent.ready;
    await waitUntil('8001 to register', () => app.modules.telephony.sip!.registrar.lookup('8001') !== null);
    events.length = 0;

    const caller = await runSipp({
      scenario: SIPP_SCENARIOS.callerDtmf,
      target: sipTarget,
      service: '12333',
      calls: 1,
      vars: { digits: '1', greetMs: 1500, holdMs: 7000 },
      timeoutMs: 60_000,
    });
    assert.equal(caller.failedCalls, 0, describeSippResult(caller));
    assert.equal(caller.successfulCalls, 1, describeSippResult(caller));
    const agentResult = await agent.done;
    assert.equal(agentResult.failedCalls, 0, describeSippResult(agentResult));

    const call = await lastCall();
    assert.equal(call.direction, 'inbound');
    assert.equal(call.calledNumber, '12333');
    assert.equal(call.callerNumber, '13800138000', 'QA sees the full number');
    assert.equal(call.outcome, 'agent_answered');
    assert.equal(call.agentExtension, '8001');
    assert.equal(call.hangupBy, 'caller');
    // SIPp stops its audio pcap when it starts a key's pcap, so ~1.5 s of 30 ms packets and the key's 10.
    assert.ok(call.rtpPacketsIn > 40, `the platform received the caller's RTP (${call.rtpPacketsIn} packets)`);
    assert.ok(call.rtpPacketsOut > 100, `the caller was sent RTP (${call.rtpPacketsOut} packets)`);

    assert.deepEqual(events.filter((e) => e.type === 'telephony.dtmf').map((e) => e.payload.digit), ['1'], 'the RFC 4733 key, exactly once');
    assert.ok(events.some((e) => e.type === 'telephony.call_bridged' && e.payload.extension === '8001'));

    const file = await app.modules.telephony.recordingFile(call.id, 'call');
    assert.equal(path.basename(file), `${call.id}.wav`, 'named by call id');
    const stats = wavStats(file);
    assert.equal(stats.rate, 8000);
    const channels = fs.readFileSync(file).readUInt16LE(22);
    assert.equal(channels, 2, 'stereo');
    const talkS = (Date.parse(call.endedAt) - Date.parse(call.answeredAt)) / 1000;
    assert.ok(Math.abs(stats.seconds - talkS) < 0.6, `recording ${stats.seconds} s for a call answered ${talkS} s`);
    // Left: the caller's audio (the pcap plays from the start); right: the greeting, then the agent.
    assert.ok(channelRms(file, 0, 0.2, 1.4) > 200, 'the caller is on the left channel');
    assert.ok(channelRms(file, 1, 0.2, 1.4) > 200, 'the greeting is on the right channel');
    const bridgedAt = (Date.parse(call.bridgedAt) - Date.parse(call.answeredAt)) / 1000;
    assert.ok(channelRms(file, 1, bridgedAt + 0.5, bridgedAt + 2.5) > 200, 'the agent is on the right channel once bridged');
  });

  it('baresip calls 12333, hears the greeting, keys 1, talks with a baresip agent phone both ways, hangs up; the WAV has both voices', async () => {
    const toneDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tones-'));
    const callerTone = path.join(toneDir, 'caller.wav');
    const agentTone = path.join(toneDir, 'agent.wav');
    writeToneWav(callerTone, 120, 440);
    writeToneWav(agentTone, 120, 1000);
    const sipPort = app.modules.telephony.sip!.port;
    const agent = await startBaresip({
      account: baresipAccount({ user: '8002', port: sipPort, password: DEMO_PHONE_PASSWORD, register: true, regint: 600, answerMode: 'auto' }),
      audioSourceWav: agentTone,
    });
    const caller = await startBaresip({ account: baresipAccount({ user: '13900139000', port: sipPort }), audioSourceWav: callerTone });
    try {
      await agent.waitFor('REGISTER_OK', 10_000);
      assert.ok(app.modules.telephony.sip!.registrar.lookup('8002'), 'the agent phone is registered');
      events.length = 0;

      await caller.dial(`sip:12333@127.0.0.1:${sipPort}`);
      await caller.waitFor('CALL_ESTABLISHED', 10_000);
      await new Promise((r) => setTimeout(r, 1500)); // the greeting plays
      await caller.sendDtmf('1');
      await agent.waitFor('CALL_ESTABLISHED', 20_000);
      await new Promise((r) => setTimeout(r, 3000)); // both talk
      await caller.hangup();
      await caller.waitFor('CALL_CLOSED', 10_000);
      await agent.waitFor('CALL_CLOSED', 10_000);

      const call = await lastCall();
      assert.equal(call.outcome, 'agent_answered');
      assert.equal(call.agentExtension, '8002');
      assert.equal(call.hangupBy, 'caller');
      assert.deepEqual(events.filter((e) => e.type === 'telephony.dtmf').map((e) => e.payload.digit), ['1']);

      // What each phone heard: the caller the greeting and then the agent's 1 kHz tone; the agent the caller's 440 Hz.
      const heardByCaller = caller.recordings().find((f) => f.endsWith('-dec.wav'));
      const heardByAgent = agent.recordings().find((f) => f.endsWith('-dec.wav'));
      assert.ok(heardByCaller && heardByAgent, `recordings: ${caller.recordings()} / ${agent.recordings()}`);
      const callerHeard = decodeAudioFileTo8k(fs.readFileSync(heardByCaller));
      const agentHeard = decodeAudioFileTo8k(fs.readFileSync(heardByAgent));
      assert.ok(wavStats(heardByCaller).activeRatio > 0.3, 'the caller heard audio (greeting, then the agent)');
      assert.ok(toneShare(callerHeard.subarray(callerHeard.length - 16000), 1000) > 0.5, 'the caller heard the agent at the end');
      assert.ok(toneShare(agentHeard.subarray(8000), 440) > 0.5, 'the agent heard the caller');

      const file = await app.modules.telephony.recordingFile(call.id, 'call');
      const talkS = (Date.parse(call.endedAt) - Date.parse(call.answeredAt)) / 1000;
      assert.ok(Math.abs(wavStats(file).seconds - talkS) < 0.6, `recording ${wavStats(file).seconds} s for ${talkS} s`);
      const pcm = fs.readFileSync(file).subarray(44);
      const left = new Int16Array(pcm.length / 4);
      const right = new Int16Array(pcm.length / 4);
      for (let i = 0; i < left.length; i++) {
        left[i] = pcm.readInt16LE(i * 4);
        right[i] = pcm.readInt16LE(i * 4 + 2);
      }
      const lastTwo = left.length - 16000;
      assert.ok(toneShare(left.subarray(lastTwo), 440) > 0.5, 'the caller (440 Hz) on the left');
      assert.ok(toneShare(right.subarray(lastTwo), 1000) > 0.5, 'the agent (1 kHz) on the right');
    } finally {
      await caller.stop();
      await agent.stop();
      fs.rmSync(toneDir, { recursive: true, force: true });
    }
  });
});
