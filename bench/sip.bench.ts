/**
 * `npm run bench:sip`: the phone line under load from SIPp on loopback, on the embedded default.
 * Each call: INVITE → 200 → ACK, the caller plays Debian's g711a.pcap (7.05 s of A-law) and holds
 * `BENCH_SIP_HOLD_MS`; the platform answers, plays music-on-hold frames every 20 ms from the one
 * media clock and records the call in stereo to disk; then BYE. Calls arrive at `BENCH_SIP_RATE`
 * per second, so about rate × hold are up at once.
 *
 * Printed: calls attempted/succeeded/failed, peak concurrent calls, call attempts per second,
 * CPU of the platform process and of SIPp, RTP loss (packets the platform received of those SIPp
 * sent), media clock lag, recordings written. Then the same load against SIPp's own UAS
 * (test/sip/scenarios/uas-reference.xml: answers, plays the same pcap) as the reference.
 * Targets (issue 6): ≥ 500 concurrent calls with media at ≤ 1 % failed, and 50 new calls/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logging/logger.js';
import { freeSipPort, runSipp, SIPP_SCENARIOS, startSipp, type SippResult } from '../test/support/sipp.js';

const RATE = Number(process.env.BENCH_SIP_RATE ?? 50);
const HOLD_MS = Number(process.env.BENCH_SIP_HOLD_MS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SIP_SECONDS ?? 30);
const CALLS = RATE * SECONDS;
const PCAP_PACKETS = 236; // g711a.pcap: 236 packets of 30 ms

function cpuOfPid(pid: number): number {
  // utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat), as seconds.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

type Run = { label: string; sipp: SippResult; wallS: number; attemptsPerSecond: number; serverCpuS: number; sippCpuS: number; peakCalls: number; extra: Record<string, string | number> };

function line(r: Run) {
  const attempted = r.sipp.successfulCalls + r.sipp.failedCalls;
  return {
    'calls attempted': attempted,
    'successful': r.sipp.successfulCalls,
    'failed': r.sipp.failedCalls,
    'failed %': attempted ? ((100 * r.sipp.failedCalls) / attempted).toFixed(2) : '—',
    'peak concurrent': Number.isNaN(r.peakCalls) ? '—' : r.peakCalls,
    'attempts/s': r.attemptsPerSecond.toFixed(1),
    'server CPU % of a core': ((100 * r.serverCpuS) / r.wallS).toFixed(1),
    'SIPp caller CPU %': ((100 * r.sippCpuS) / r.wallS).toFixed(1),
    ...r.extra,
  };
}

console.log(`bench:sip on ${os.cpus()[0]?.model} × ${os.cpus().length}, node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`load: ${RATE} calls/s for ${SECONDS} s (${CALLS} calls), each held ${HOLD_MS} ms with g711a.pcap playing → about ${Math.round((RATE * HOLD_MS) / 1000)} at once\n`);

// ─── the platform ─────────────────────────────────────────────────────────────────────────────
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sip-'));
const sipPort = freeSipPort();
const config = loadConfig({
  NODE_ENV: 'production',
  DEMO_MODE: 'true',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  WEB_DIST_DIR: '/nonexistent',
  KB_STARTER_CONTENT: 'false',
  SIP_ENABLED: 'true',
  SIP_PORT: String(sipPort),
  RTP_PORT_MIN: '40000',
  RTP_PORT_MAX: '49999',
});
const app = await buildApp({ config, log: createLogger({ level: 'warn' }) });
const telephony = app.modules.telephony;
const control = telephony.control;
const offeredAt: number[] = [];
control.onCall(async (call) => {
  offeredAt.push(performance.now());
  await control.answer(call.callId);
  await control.play(call.callId, [{ tone: 'hold_music', ms: 60_000 }]);
});

/** SIPp calling at RATE per second for SECONDS, each call held HOLD_MS with the pcap playing. */
function startLoadCaller(port: number) {
  return startSipp({
    scenario: SIPP_SCENARIOS.callerLoad,
    target: `127.0.0.1:${port}`,
    service: '12333',
    calls: CALLS,
    rate: RATE,
    concurrent: RATE * Math.ceil(HOLD_MS / 1000 + 5),
    vars: { holdMs: HOLD_MS },
    timeoutMs: (SECONDS + HOLD_MS / 1000 + 60) * 1000,
    extraArgs: ['-max_socket', '4096'],
  });
}

const runs: Run[] = [];
try {
  {
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, control.activeCalls().length)), 200);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const caller = startLoadCaller(sipPort);
    let sippCpu = 0;
    const cpuSample = setInterval(() => {
      try {
        if (caller.pid) sippCpu = cpuOfPid(caller.pid);
      } catch {
        /* exited */
      }
    }, 500);
    const result = await caller.done;
    const wallS = (performance.now() - t0) / 1000;
    clearInterval(sample);
    clearInterval(cpuSample);
    const cpu = process.cpuUsage(cpu0);
    await telephony.flush();
    const records = await telephony.callRecords({ limit: 100_000, offset: 0 });
    const received = records.reduce((s, r) => s + r.rtpPacketsIn, 0);
    const sent = records.reduce((s, r) => s + r.rtpPacketsOut, 0);
    const recordings = records.filter((r) => r.hasRecording).length;
    const clock = telephony.status().mediaClock!;
    runs.push({
      label: 'platform (this code)',
      sipp: result,
      wallS,
      // New calls per second as they reached the platform, first INVITE to last.
      attemptsPerSecond: (offeredAt.length - 1) / ((offeredAt.at(-1)! - offeredAt[0]!) / 1000),
      serverCpuS: (cpu.user + cpu.system) / 1e6,
      sippCpuS: sippCpu,
      peakCalls: peak,
      extra: {
        'RTP received of sent by SIPp': `${received} / ${records.length * PCAP_PACKETS} (loss ${(100 * (1 - received / (records.length * PCAP_PACKETS))).toFixed(2)} %)`,
        'RTP sent to callers': sent,
        'stereo recordings written': recordings,
        'media clock late ticks': `${clock.lateTicks} of ${clock.ticks} (max lag ${clock.maxLagMs.toFixed(1)} ms)`,
      },
    });
  }
  await app.close();

  // ─── the reference: SIPp's own UAS under the same load ─────────────────────────────────────
  if (process.env.BENCH_SIP_REFERENCE !== '0') {
    const uasPort = freeSipPort();
    const uas = startSipp({ scenario: SIPP_SCENARIOS.uasReference, localPort: uasPort, timeoutMs: (SECONDS + HOLD_MS / 1000 + 90) * 1000, extraArgs: ['-max_socket', '4096'] });
    await uas.ready;
    const t0 = performance.now();
    let uasCpu = 0;
    let callerCpu = 0;
    const caller = startLoadCaller(uasPort);
    const cpuSample = setInterval(() => {
      try {
        if (uas.pid) uasCpu = cpuOfPid(uas.pid);
        if (caller.pid) callerCpu = cpuOfPid(caller.pid);
      } catch {
        /* exited */
      }
    }, 500);
    const result = await caller.done;
    const wallS = (performance.now() - t0) / 1000;
    clearInterval(cpuSample);
    await uas.stop();
    // SIPp's own count of calls over the time it was creating them.
    const attempts = result.successfulCalls + result.failedCalls;
    runs.push({ label: "SIPp's own UAS (reference)", sipp: result, wallS, attemptsPerSecond: attempts / Math.max(1, wallS - HOLD_MS / 1000), serverCpuS: uasCpu, sippCpuS: callerCpu, peakCalls: NaN, extra: {} });
  }
} finally {
  await app.close().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}

for (const r of runs) {
  console.log(`── ${r.label}`);
  console.table(line(r));
}
const [ours, ref] = runs;
if (ours && ref) {
  console.log(
    `ratio platform / SIPp UAS: successful calls ${(ours.sipp.successfulCalls / Math.max(1, ref.sipp.successfulCalls)).toFixed(3)}, ` +
      `server CPU ${(ours.serverCpuS / Math.max(0.01, ref.serverCpuS)).toFixed(1)}× (the platform also plays, records to disk and writes CDRs)`,
  );
}
