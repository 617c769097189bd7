/**
 * RTP fixed header (RFC 3550 §5.1) and telephone-event payloads for DTMF (RFC 4733 §2.3).
 * Parsing never throws and never copies: the payload is a view into the datagram.
 */

export type RtpPacket = {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /** View into the received buffer (CSRCs, header extension and padding removed). */
  payload: Buffer;
};

export type RtpHeader = Omit<RtpPacket, 'payload'>;

export const RTP_HEADER_BYTES = 12;

/** null for anything that is not a well-formed RTP version 2 packet. */
export function parseRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < RTP_HEADER_BYTES) return null;
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  if (b0 >> 6 !== 2) return null;
  const payloadType = b1 & 0x7f;
  // RTCP multiplexed on the RTP port (RFC 5761 §4): packet types 200-204 read as marker + PT 72-76.
  if (payloadType >= 72 && payloadType <= 76) return null;
  let start = RTP_HEADER_BYTES + (b0 & 0x0f) * 4; // CSRC list
  if (b0 & 0x10) {
    // Header extension (§5.3.1): 16-bit profile id, 16-bit length in 32-bit words, then the words.
    if (buf.length < start + 4) return null;
    start += 4 + buf.readUInt16BE(start + 2) * 4;
  }
  let end = buf.length;
  if (b0 & 0x20) {
    // Padding (§5.1): the last octet counts the padding octets, itself included.
    const pad = buf[end - 1]!;
    if (pad === 0) return null;
    end -= pad;
  }
  if (end < start) return null;
  return {
    payloadType,
    marker: (b1 & 0x80) !== 0,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payload: buf.subarray(start, end),
  };
}

/** Writes the 12-byte fixed header (no CSRCs, extension or padding) at offset 0; returns 12. */
export function writeRtpHeader(out: Buffer, h: RtpHeader): number {
  out[0] = 0x80;
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out.writeUInt16BE(h.sequence & 0xffff, 2);
  out.writeUInt32BE(h.timestamp >>> 0, 4);
  out.writeUInt32BE(h.ssrc >>> 0, 8);
  return RTP_HEADER_BYTES;
}

export type TelephoneEvent = {
  /** 0-9, 10 = *, 11 = #, 12-15 = A-D, 16 = flash (RFC 4733 §3.2). */
  event: number;
  end: boolean;
  /** Power level in -dBm0, 0-63. */
  volume: number;
  /** In timestamp units (8000 Hz) since the event's RTP timestamp. */
  duration: number;
};

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | null {
  if (payload.length < 4) return null;
  const flags = payload[1]!;
  return { event: payload[0]!, end: (flags & 0x80) !== 0, volume: flags & 0x3f, duration: payload.readUInt16BE(2) };
}

/** Writes the 4-byte event payload at `offset`; returns the offset after it (like Buffer#writeUInt32BE). */
export function writeTelephoneEvent(out: Buffer, offset: number, e: TelephoneEvent): number {
  out[offset] = e.event & 0xff;
  out[offset + 1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out.writeUInt16BE(Math.min(e.duration, 0xffff), offset + 2);
  return offset + 4;
}

const DTMF_DIGITS = '0123456789*#ABCD';

export function dtmfDigit(event: number): string | null {
  return Number.isInteger(event) && event >= 0 && event < 16 ? DTMF_DIGITS[event]! : null;
}

/** Throws RangeError for anything but 0-9 * # A-D (a-d accepted). */
export function dtmfEvent(digit: string): number {
  const i = digit.length === 1 ? DTMF_DIGITS.indexOf(digit.toUpperCase()) : -1;
  if (i < 0) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return i;
}

/**
 * Turns one RFC 4733 stream into digits, each reported once, on the first packet seen of it (so
 * a lost start still yields the digit from its end packets). All packets of one event share its
 * RTP timestamp (§2.5.1.1), which is the dedupe key; the end packet comes three times (§2.5.1.4).
 *
 * Replayed captures (SIPp's play_pcap_audio sends dtmf_2833_N.pcap byte for byte, so pressing the
 * same key twice repeats timestamp and sequence numbers) are recognised as a fresh marker-bit
 * start after the event with that timestamp has ended. Only the latest event is remembered:
 * packets of an earlier one arriving after the next has begun would need >40 ms of reordering.
 */
export class DtmfDetector {
  private ssrc = -1;
  private timestamp = -1;
  private ended = false;

  /** With a payload type, packets of other types (e.g. audio on the same stream) are ignored. */
  constructor(private readonly payloadType?: number) {}

  push(pkt: RtpPacket): string | null {
    if (this.payloadType !== undefined && pkt.payloadType !== this.payloadType) return null;
    const e = parseTelephoneEvent(pkt.payload);
    if (!e) return null;
    const digit = dtmfDigit(e.event);
    if (digit === null) return null;
    const sameEvent = pkt.ssrc === this.ssrc && pkt.timestamp === this.timestamp;
    const replayed = sameEvent && this.ended && pkt.marker && !e.end;
    if (sameEvent && !replayed) {
      if (e.end) this.ended = true;
      return null;
    }
    this.ssrc = pkt.ssrc;
    this.timestamp = pkt.timestamp;
    this.ended = e.end;
    return digit;
  }

  reset(): void {
    this.ssrc = -1;
    this.timestamp = -1;
    this.ended = false;
  }
}
