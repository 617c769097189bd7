import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { encodeG711, type G711Codec } from './g711.js';
import { DtmfDetector, parseRtp, writeRtpHeader, type RtpPacket } from './rtp-packet.js';

/**
 * One call leg's RTP socket. It sends our stream (own SSRC, sequence and timestamp, continuous
 * across prompts and bridging) and receives the peer's. Symmetric RTP: the peer's address in its
 * SDP is only a first guess; once packets arrive we answer to where they really come from, which
 * is what makes media work behind NAT (RFC 4961).
 */

export const SAMPLES_PER_FRAME = 160; // 20 ms at 8 kHz

export type RtpEndpointStats = { packetsIn: number; packetsOut: number; bytesIn: number; bytesOut: number; lastPacketAt: number };

export class RtpEndpoint {
  remote: { address: string; port: number } | null = null;
  codec: G711Codec = 'PCMA';
  payloadType = 8;
  /** The peer's telephone-event payload type, or null when it did not offer RFC 4733. */
  telephoneEventPayloadType: number | null = 101;
  /** The peer's G.711 payload of each audio packet, in arrival order. */
  onAudio: ((payload: Buffer, packet: RtpPacket) => void) | null = null;
  /** Every RFC 4733 packet, raw (for relaying in a bridge). */
  onTelephoneEvent: ((packet: RtpPacket) => void) | null = null;
  onDigit: ((digit: string) => void) | null = null;
  readonly stats: RtpEndpointStats = { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, lastPacketAt: 0 };
  private readonly ssrc = randomInt(1, 2 ** 31);
  private sequence = randomInt(0, 65535);
  private timestamp = randomInt(0, 2 ** 31);
  private latched = false;
  private relayedEventIn = -1;
  private relayedEventOut = 0;
  private readonly dtmf = new DtmfDetector();
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly localPort: number,
    private readonly release: () => void,
  ) {
    socket.on('message', (msg, rinfo) => this.receive(msg, rinfo));
    socket.on('error', () => {});
  }

  static async open(pool: RtpPortPool, host: string, recvBufferSize: number): Promise<RtpEndpoint> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = pool.take();
      const socket = dgram.createSocket({ type: 'udp4', recvBufferSize });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(port, host, () => {
            socket.off('error', reject);
            resolve();
          });
        });
        return new RtpEndpoint(socket, port, () => pool.give(port));
      } catch {
        socket.close();
        pool.give(port, true);
      }
    }
    throw new Error('no free RTP port');
  }

  setRemote(address: string, port: number): void {
    // Before any packet came we trust the SDP; after, the packets (symmetric RTP).
    if (!this.latched) this.remote = { address, port };
  }

  private receive(msg: Buffer, rinfo: dgram.RemoteInfo) {
    const packet = parseRtp(msg);
    if (!packet) return;
    this.stats.packetsIn++;
    this.stats.bytesIn += msg.length;
    this.stats.lastPacketAt = performance.now();
    if (!this.latched || this.remote?.port !== rinfo.port || this.remote.address !== rinfo.address) {
      this.remote = { address: rinfo.address, port: rinfo.port };
      this.latched = true;
    }
    if (packet.payloadType === this.telephoneEventPayloadType) {
      this.onTelephoneEvent?.(packet);
      const digit = this.dtmf.push(packet);
      if (digit) this.onDigit?.(digit);
      return;
    }
    if (packet.payloadType === this.payloadType) this.onAudio?.(packet.payload, packet);
  }

  /** Sends one 20 ms frame of our codec's payload. */
  sendAudio(payload: Buffer): void {
    this.send(this.payloadType, payload, false);
    this.timestamp = (this.timestamp + payload.length) >>> 0;
  }

  /** Encodes one 20 ms frame of 8 kHz audio straight into the packet and sends it. */
  sendPcm(frame: Int16Array): void {
    if (this.closed || !this.remote) return;
    const out = Buffer.allocUnsafe(12 + frame.length);
    writeRtpHeader(out, { payloadType: this.payloadType, marker: false, sequence: this.sequence, timestamp: this.timestamp, ssrc: this.ssrc });
    encodeG711(this.codec, frame, out.subarray(12));
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + frame.length) >>> 0;
    this.stats.packetsOut++;
    this.stats.bytesOut += out.length;
    this.socket.send(out, this.remote.port, this.remote.address);
  }

  /**
   * Relays an RFC 4733 packet from the other leg, renumbered into our stream. Every packet of one
   * event keeps one timestamp (the event's start, RFC 4733 §2.5.1.1), or receivers hear the key
   * again with each packet.
   */
  relayTelephoneEvent(packet: RtpPacket): void {
    if (this.telephoneEventPayloadType === null) return;
    if (packet.timestamp !== this.relayedEventIn) {
      this.relayedEventIn = packet.timestamp;
      this.relayedEventOut = this.timestamp;
    }
    this.send(this.telephoneEventPayloadType, packet.payload, packet.marker, this.relayedEventOut);
  }

  private send(payloadType: number, payload: Buffer, marker: boolean, timestamp = this.timestamp) {
    if (this.closed || !this.remote) return;
    const out = Buffer.allocUnsafe(12 + payload.length);
    writeRtpHeader(out, { payloadType, marker, sequence: this.sequence, timestamp, ssrc: this.ssrc });
    payload.copy(out, 12);
    this.sequence = (this.sequence + 1) & 0xffff;
    this.stats.packetsOut++;
    this.stats.bytesOut += out.length;
    this.socket.send(out, this.remote.port, this.remote.address);
  }

  /** Milliseconds since the peer's last packet (since opening when none came). */
  silentForMs(now = performance.now(), openedAt = 0): number {
    return now - (this.stats.lastPacketAt || openedAt);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onAudio = this.onDigit = this.onTelephoneEvent = null;
    this.socket.close();
    this.release();
  }
}

/** Even ports (RTP convention; the odd one above is RTCP's) from a range, reused in turn. */
export class RtpPortPool {
  private next: number;
  private readonly inUse = new Set<number>();

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.next = min + (min % 2);
  }

  take(): number {
    const span = Math.floor((this.max - this.min) / 2) + 1;
    for (let i = 0; i < span; i++) {
      const port = this.next;
      this.next += 2;
      if (this.next > this.max) this.next = this.min + (this.min % 2);
      if (!this.inUse.has(port)) {
        this.inUse.add(port);
        return port;
      }
    }
    throw new Error('RTP port range exhausted');
  }

  give(port: number, _busyElsewhere = false): void {
    this.inUse.delete(port);
  }

  get used(): number {
    return this.inUse.size;
  }
}
