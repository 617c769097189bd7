/**
 * SDP for one audio stream (RFC 4566) and offer/answer codec choice (RFC 3264). Parsing goes
 * through sdp-transform; writing is done by hand so the output is exactly what we want on the wire.
 */
import { parse, parsePayloads } from 'sdp-transform';
import type { G711Codec } from './g711.js';

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export type MediaDescription = {
  address: string;
  /** 0 means the stream was rejected or disabled (RFC 3264 §6, §8.2). */
  port: number;
  /** In m-line order (the offerer's preference), telephone-event included. */
  codecs: { payloadType: number; name: string; clockRate: number }[];
  telephoneEventPayloadType: number | null;
  direction: MediaDirection;
};

/** Static payload types usable without a=rtpmap (RFC 3551 table 4). */
const STATIC_PAYLOAD_TYPES: Record<number, { name: string; clockRate: number }> = {
  0: { name: 'PCMU', clockRate: 8000 },
  3: { name: 'GSM', clockRate: 8000 },
  4: { name: 'G723', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  18: { name: 'G729', clockRate: 8000 },
};

const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** First audio stream of an SDP body; null when the text is not SDP, has no audio m-line or no connection address. */
export function parseSdp(text: string): MediaDescription | null {
  let session: ReturnType<typeof parse>;
  try {
    session = parse(text);
  } catch {
    return null;
  }
  const media = session.media?.find((m) => m.type === 'audio');
  if (!media || !Number.isInteger(media.port) || media.port < 0 || media.port > 65535) return null;
  const address = media.connection?.ip ?? session.connection?.ip;
  if (!address) return null;

  const codecs: MediaDescription['codecs'] = [];
  let telephoneEventPayloadType: number | null = null;
  for (const pt of parsePayloads(String(media.payloads ?? ''))) {
    if (!Number.isInteger(pt)) continue;
    const rtpmap = media.rtp?.find((r) => r.payload === pt);
    const codec = rtpmap ? { name: rtpmap.codec, clockRate: rtpmap.rate ?? 8000 } : STATIC_PAYLOAD_TYPES[pt];
    if (!codec) continue; // dynamic payload type without rtpmap: unusable
    codecs.push({ payloadType: pt, ...codec });
    if (telephoneEventPayloadType === null && codec.name.toLowerCase() === 'telephone-event' && codec.clockRate === 8000) {
      telephoneEventPayloadType = pt;
    }
  }

  const declared = media.direction ?? session.direction;
  let direction: MediaDirection = declared && DIRECTIONS.has(declared) ? declared : 'sendrecv';
  // Pre-RFC 3264 hold (RFC 3264 §8.4): a zero address means "do not send to me".
  if (address === '0.0.0.0') direction = direction === 'sendrecv' ? 'sendonly' : direction === 'recvonly' ? 'inactive' : direction;
  return { address, port: media.port, codecs, telephoneEventPayloadType, direction };
}

/**
 * Codec for our answer: the first codec in the offer's order that we support (RFC 3264 §6.1 lets
 * the answerer choose, and following the offerer's preference is what the offerer expects).
 * `supported` restricts which G.711 laws we accept; its own order does not matter.
 */
export function negotiate(
  offer: MediaDescription,
  supported: G711Codec[] = ['PCMA', 'PCMU'],
): { codec: G711Codec; payloadType: number; telephoneEventPayloadType: number | null } | null {
  for (const c of offer.codecs) {
    const name = c.name.toUpperCase();
    if (c.clockRate === 8000 && (name === 'PCMA' || name === 'PCMU') && supported.includes(name)) {
      return { codec: name, payloadType: c.payloadType, telephoneEventPayloadType: offer.telephoneEventPayloadType };
    }
  }
  return null;
}

/** Direction to answer with: the mirror image of the offer's (RFC 3264 §6.1). */
export function answerDirection(offered: MediaDirection): MediaDirection {
  return offered === 'sendonly' ? 'recvonly' : offered === 'recvonly' ? 'sendonly' : offered;
}

/**
 * One audio stream, 20 ms packets. Offers list PCMA, PCMU and telephone-event; answers list only
 * the chosen codec and telephone-event (when the offer had it), using the offer's payload numbers.
 */
export function buildSdp(p: {
  sessionId: number;
  sessionVersion: number;
  address: string;
  port: number;
  codecs: { payloadType: number; name: G711Codec }[];
  telephoneEventPayloadType: number | null;
  direction: MediaDirection;
}): string {
  const ipVer = p.address.includes(':') ? 'IP6' : 'IP4';
  const pts = p.codecs.map((c) => c.payloadType);
  if (p.telephoneEventPayloadType !== null) pts.push(p.telephoneEventPayloadType);
  const lines = [
    'v=0',
    `o=- ${p.sessionId} ${p.sessionVersion} IN ${ipVer} ${p.address}`,
    's=-',
    `c=IN ${ipVer} ${p.address}`,
    't=0 0',
    `m=audio ${p.port} RTP/AVP ${pts.join(' ')}`,
    ...p.codecs.map((c) => `a=rtpmap:${c.payloadType} ${c.name}/8000`),
  ];
  if (p.telephoneEventPayloadType !== null) {
    lines.push(`a=rtpmap:${p.telephoneEventPayloadType} telephone-event/8000`, `a=fmtp:${p.telephoneEventPayloadType} 0-16`);
  }
  lines.push('a=ptime:20', `a=${p.direction}`);
  return lines.join('\r\n') + '\r\n';
}
