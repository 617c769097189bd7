import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit, type AuditActor } from '../../platform/audit/audit-trail.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { AppError, notFound } from '../../platform/http/app-error.js';
import type { CentersService } from '../centers/index.js';
import type { CallOutcome } from './call-control.js';
import { CallManager } from './calls/call-manager.js';
import { MediaClock } from './media/media-clock.js';
import { RtpPortPool } from './media/rtp-endpoint.js';
import { decodeAudioFileTo8k, encodeWav } from './media/wav.js';
import { PROMPT_NAMES, PROMPT_TEXTS, PromptLibrary } from './prompts/prompt-library.js';
import { EspeakNgTts, type TextToSpeech } from './prompts/text-to-speech.js';
import { digestHa1 } from './sip/digest-auth.js';
import { SipStack } from './sip/sip-stack.js';
import { callRecordsRepository, phoneAccountsRepository, promptsRepository } from './telephony.repository.js';
import { runHotlineFlow } from './flows/hotline-flow.js';

declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'telephony.prompt_changed': { centerId: number; name: string };
  }
}

export type TelephonyDeps = {
  db: Kysely<any>;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  config: Config;
  centers: CentersService;
  tts?: TextToSpeech;
};

const MAX_PROMPT_MS = 120_000;

/**
 * The phone line as a module: it starts the SIP stack, the media clock and the call manager,
 * keeps the agents' phone accounts and the centers' prompts, and lists the call-detail records.
 * `control` is the call-control interface for the IVR, queues and desk.
 */
export function createTelephony(deps: TelephonyDeps) {
  const { db, log, clock } = deps;
  const sipConfig = deps.config.sip;
  const tts = deps.tts ?? new EspeakNgTts();
  const prompts = new PromptLibrary(tts, path.join(deps.config.dataDir, 'prompts'), log);
  const recordingsDir = path.join(deps.config.dataDir, 'recordings');
  let stack: SipStack | null = null;
  let manager: CallManager | null = null;
  let mediaClock: MediaClock | null = null;

  const trunks = new net.BlockList();
  for (const entry of sipConfig.trunkAllow) {
    const [address, bits] = entry.split('/');
    if (bits) trunks.addSubnet(address!, Number(bits), 'ipv4');
    else trunks.addAddress(address!, 'ipv4');
  }
  const isTrunk = (address: string) => {
    if (deps.config.demoMode && (address === '127.0.0.1' || address === '::1' || address.startsWith('127.'))) return true;
    return net.isIPv4(address) ? trunks.check(address, 'ipv4') : false;
  };

  async function findAccount(extension: string) {
    if (!/^\d{3,6}$/.test(extension)) return null;
    const row = await phoneAccountsRepository.byExtension(db, extension);
    return row ? { username: row.extension, ha1: row.ha1, enabled: row.enabled, centerId: row.center_id, displayName: row.display_name } : null;
  }

  async function loadUploadedPrompts() {
    for (const row of await promptsRepository.all(db)) prompts.setUploaded(row.center_id, row.name, decodeAudioFileTo8k(Buffer.from(row.wav)));
  }

  return {
    prompts,
    get control(): CallManager {
      if (!manager) throw new AppError('UNAVAILABLE', '电话线路未运行', 'The phone line is not running (SIP_ENABLED=false or it failed to start)');
      return manager;
    },
    get running() {
      return manager !== null;
    },
    get sip() {
      return stack;
    },

    /** Starts the line: prompts (synthesised at first start), SIP on UDP and TCP, the media clock. */
    async start(): Promise<void> {
      const prepared = await prompts.prepare();
      if (prepared.synthesised) log.info({ synthesised: prepared.synthesised }, 'prompts synthesised');
      await loadUploadedPrompts();
      await deps.bus.subscribe('telephony.prompt_changed', async (e) => {
        const row = await promptsRepository.one(db, e.payload.centerId, e.payload.name);
        prompts.setUploaded(e.payload.centerId, e.payload.name, row ? decodeAudioFileTo8k(Buffer.from(row.wav)) : null);
      });
      mediaClock = new MediaClock(20);
      let m: CallManager | null = null;
      stack = await SipStack.start({
        host: sipConfig.host,
        port: sipConfig.port,
        publicAddress: sipConfig.publicAddress,
        realm: sipConfig.realm,
        log,
        findAccount,
        onInvite: (req, flow, tx) => m?.onInvite(req, flow, tx),
        onBindingChange: (extension, binding) => void deps.bus.publish('telephony.phone_registration', { extension, registered: binding !== null }),
      });
      m = new CallManager({
        stack,
        ports: new RtpPortPool(sipConfig.rtpPorts.min, sipConfig.rtpPorts.max),
        clock,
        mediaClock,
        bus: deps.bus,
        log,
        prompts,
        rtpHost: sipConfig.host,
        recvBufferSize: sipConfig.rtpRecvBufferBytes,
        rtpTimeoutMs: sipConfig.rtpTimeoutMs,
        recordingsDir,
        serviceNumbers: new Set(sipConfig.serviceNumbers),
        isTrunk,
        gateway: sipConfig.gateway ? { transport: 'udp', address: sipConfig.gateway.host, port: sipConfig.gateway.port } : null,
        findAccount,
        writeRecord: (r) => callRecordsRepository.insert(db, r).then(() => undefined),
      });
      manager = m;
      // Until the IVR module takes calls, the basic flow answers them.
      m.onCall((call) => runHotlineFlow(m!, call, { centers: deps.centers, clock, log }));
      mediaClock.start();
      log.info({ sip: `${sipConfig.host}:${stack.port}`, publicAddress: sipConfig.publicAddress, serviceNumbers: sipConfig.serviceNumbers }, 'phone line listening (SIP over UDP and TCP)');
    },

    status() {
      return {
        running: manager !== null,
        sipPort: stack?.port ?? null,
        publicAddress: sipConfig.publicAddress,
        serviceNumbers: sipConfig.serviceNumbers,
        registeredPhones: (stack?.registrar.registered() ?? []).map((b) => ({ extension: b.username, contact: b.contact, transport: b.flow.transport, expiresAt: new Date(b.expiresAt).toISOString(), userAgent: b.userAgent })),
        activeCalls: manager?.activeCalls() ?? [],
        sipStats: stack?.stats ?? null,
        mediaClock: mediaClock?.stats() ?? null,
      };
    },

    // ─── phone accounts ───────────────────────────────────────────────────────────────────

    async phones(centerIds: readonly number[] | null) {
      return (await phoneAccountsRepository.list(db, centerIds)).map(toPhone);
    },

    async createPhone(actor: AuditActor, input: { extension: string; centerId: number; displayName: string; password: string }) {
      await deps.centers.get(input.centerId);
      if (await phoneAccountsRepository.byExtension(db, input.extension)) {
        throw new AppError('CONFLICT', `分机号 ${input.extension} 已存在`, `Extension ${input.extension} already exists`, { fields: [{ field: 'body.extension', code: 'duplicate', message: '分机号已存在' }] });
      }
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const row = await phoneAccountsRepository.insert(trx, {
          extension: input.extension,
          center_id: input.centerId,
          display_name: input.displayName,
          ha1: digestHa1(input.extension, sipConfig.realm, input.password),
          enabled: true,
          created_at: now,
          updated_at: now,
        });
        await recordAudit(trx, actor, { action: 'telephony.phone_created', entityType: 'phone_account', entityId: String(row.id), after: { extension: row.extension, centerId: row.center_id, displayName: row.display_name } });
        return toPhone(row);
      });
    },

    async updatePhone(actor: AuditActor, id: number, input: { displayName?: string; password?: string; enabled?: boolean }) {
      const before = await phoneAccountsRepository.byId(db, id);
      if (!before) throw notFound('话机账号', `Phone account ${id}`);
      return db.transaction().execute(async (trx) => {
        const row = await phoneAccountsRepository.update(trx, id, {
          ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          ...(input.password !== undefined ? { ha1: digestHa1(before.extension, sipConfig.realm, input.password) } : {}),
          updated_at: clock.now(),
        });
        await recordAudit(trx, actor, {
          action: 'telephony.phone_updated',
          entityType: 'phone_account',
          entityId: String(id),
          before: { displayName: before.display_name, enabled: before.enabled },
          after: { displayName: row.display_name, enabled: row.enabled, passwordChanged: input.password !== undefined },
        });
        return toPhone(row);
      });
    },

    async phone(id: number) {
      const row = await phoneAccountsRepository.byId(db, id);
      if (!row) throw notFound('话机账号', `Phone account ${id}`);
      return toPhone(row);
    },

    // ─── prompts ──────────────────────────────────────────────────────────────────────────

    async promptList(centerId: number) {
      const own = new Map((await promptsRepository.all(db)).filter((r) => r.center_id === centerId).map((r) => [r.name, r]));
      return PROMPT_NAMES.map((name) => {
        const row = own.get(name);
        return { name, text: PROMPT_TEXTS[name], source: row ? ('uploaded' as const) : ('synthesised' as const), durationMs: row ? row.duration_ms : Math.round((prompts.clip(name).length / 8000) * 1000), uploadedAt: row?.uploaded_at.toISOString() ?? null, uploadedBy: row?.uploaded_by ?? null };
      });
    },

    /** A center's own recording of a prompt: any WAV, stored as 8 kHz 16-bit mono. */
    async uploadPrompt(actor: AuditActor, centerId: number, name: string, file: Buffer) {
      if (!(PROMPT_NAMES as string[]).includes(name)) throw notFound(`提示音 ${name}`, `Prompt ${name}`);
      let pcm: Int16Array;
      try {
        pcm = decodeAudioFileTo8k(file);
      } catch (err) {
        throw new AppError('VALIDATION_FAILED', '无法读取该录音文件,请上传 WAV 格式', `The file is not a WAV recording we can read: ${(err as Error).message}`, { fields: [{ field: 'body', code: 'invalid_audio', message: '不是可读取的 WAV 录音' }] });
      }
      const durationMs = Math.round((pcm.length / 8000) * 1000);
      if (durationMs < 200 || durationMs > MAX_PROMPT_MS) throw new AppError('VALIDATION_FAILED', `提示音时长须在0.2秒到${MAX_PROMPT_MS / 1000}秒之间`, `A prompt must last between 0.2 and ${MAX_PROMPT_MS / 1000} seconds (this one: ${durationMs} ms)`, { fields: [{ field: 'body', code: 'duration', message: '时长不符合要求' }] });
      await deps.centers.get(centerId);
      await db.transaction().execute(async (trx) => {
        await promptsRepository.upsert(trx, { center_id: centerId, name, wav: encodeWav(pcm, 1, 8000), duration_ms: durationMs, uploaded_by: actor.name, uploaded_at: clock.now() });
        await recordAudit(trx, actor, { action: 'telephony.prompt_uploaded', entityType: 'telephony_prompt', entityId: `${centerId}:${name}`, after: { durationMs } });
      });
      prompts.setUploaded(centerId, name, pcm);
      await deps.bus.publish('telephony.prompt_changed', { centerId, name }, { centerId });
      return { name, durationMs };
    },

    async removePrompt(actor: AuditActor, centerId: number, name: string) {
      await db.transaction().execute(async (trx) => {
        const removed = await promptsRepository.remove(trx, centerId, name);
        if (!removed.numDeletedRows) throw notFound(`本中心上传的提示音 ${name}`, `Center ${centerId}'s recording of ${name}`);
        await recordAudit(trx, actor, { action: 'telephony.prompt_removed', entityType: 'telephony_prompt', entityId: `${centerId}:${name}` });
      });
      prompts.setUploaded(centerId, name, null);
      await deps.bus.publish('telephony.prompt_changed', { centerId, name }, { centerId });
    },

    promptAudio(name: string, centerId: number | null): Buffer {
      if (!(PROMPT_NAMES as string[]).includes(name)) throw notFound(`提示音 ${name}`, `Prompt ${name}`);
      return encodeWav(prompts.clip(name, centerId), 1, 8000);
    },

    // ─── call-detail records ──────────────────────────────────────────────────────────────

    async callRecords(filter: { from?: Date; to?: Date; outcome?: CallOutcome; limit: number; offset: number }) {
      return (await callRecordsRepository.list(db, filter)).map(toCallRecord);
    },

    async callRecord(id: string) {
      const row = await callRecordsRepository.byId(db, id);
      if (!row) throw notFound('通话记录', `Call ${id}`);
      return toCallRecord(row);
    },

    /** The stereo recording of a call (or its voice message), for QA and supervisors. */
    async recordingFile(id: string, kind: 'call' | 'voice_message'): Promise<string> {
      const row = await callRecordsRepository.byId(db, id);
      const file = kind === 'call' ? row?.recording_path : row?.voice_message_path;
      if (!file || !fs.existsSync(file)) throw notFound(kind === 'call' ? '通话录音' : '留言录音', `The ${kind === 'call' ? 'recording' : 'voice message'} of call ${id}`);
      return file;
    },

    /** Waits for the call-detail records of ended calls (tests, shutdown). */
    async flush() {
      await manager?.flush();
    },

    async close() {
      await manager?.close();
      mediaClock?.stop();
      await stack?.close();
      manager = null;
      stack = null;
    },
  };
}

export type Telephony = ReturnType<typeof createTelephony>;

function toPhone(row: { id: number; extension: string; center_id: number; display_name: string; enabled: boolean; created_at: Date; updated_at: Date }) {
  return { id: row.id, extension: row.extension, centerId: row.center_id, displayName: row.display_name, enabled: row.enabled, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

function toCallRecord(r: Awaited<ReturnType<typeof callRecordsRepository.byId>> & {}) {
  return {
    id: r.id,
    direction: r.direction,
    callerNumber: r.caller_number,
    calledNumber: r.called_number,
    agentExtension: r.agent_extension,
    startedAt: r.started_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    bridgedAt: r.bridged_at?.toISOString() ?? null,
    endedAt: r.ended_at.toISOString(),
    outcome: r.outcome,
    hangupBy: r.hangup_by,
    hangupCause: r.hangup_cause,
    hasRecording: r.recording_path !== null,
    recordingMs: r.recording_ms,
    hasVoiceMessage: r.voice_message_path !== null,
    rtpPacketsIn: r.rtp_packets_in,
    rtpPacketsOut: r.rtp_packets_out,
  };
}
