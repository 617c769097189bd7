import dgram from 'node:dgram';
import net from 'node:net';
import { MAX_SIP_MESSAGE_BYTES } from './sip-message.js';

/**
 * SIP over UDP and TCP on one port (RFC 3261 §18). Incoming bytes become whole messages with the
 * flow they came on; the transaction layer answers on that same flow, which is what makes
 * signalling work behind NAT (RFC 3581 rport, and TCP connections the phone opened).
 */

export type Flow = {
  transport: 'udp' | 'tcp';
  address: string;
  port: number;
};

export function flowKey(f: Flow): string {
  return `${f.transport}:${f.address}:${f.port}`;
}

export type SipTransportOptions = {
  host: string;
  /** 0 picks a free port (tests); UDP and TCP then share the number UDP got. */
  port: number;
  onMessage(bytes: Buffer, flow: Flow): void;
  onError?(err: Error): void;
  /** Idle TCP connections are closed after this long (ms). */
  tcpIdleMs?: number;
};

export type SipTransport = {
  readonly port: number;
  readonly host: string;
  send(bytes: Buffer, flow: Flow): void;
  close(): Promise<void>;
};

export async function startSipTransport(options: SipTransportOptions): Promise<SipTransport> {
  // With port 0 the number UDP got may be taken for TCP: try a few times before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await bindTransport(options);
    } catch (err) {
      if (options.port !== 0 || attempt >= 5 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}

async function bindTransport(options: SipTransportOptions): Promise<SipTransport> {
  const udp = dgram.createSocket({ type: options.host.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(options.port, options.host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  const port = udp.address().port;
  // Signalling bursts (hundreds of INVITEs a second) need more than the default receive buffer.
  try {
    udp.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    /* the kernel caps it; not fatal */
  }
  udp.on('message', (msg, rinfo) => {
    // CRLF keep-alives (RFC 5626 §4.4.1) and empty datagrams carry no message.
    if (msg.length <= 4 && msg.toString('latin1').trim() === '') return;
    options.onMessage(msg, { transport: 'udp', address: rinfo.address, port: rinfo.port });
  });
  udp.on('error', (err) => options.onError?.(err));

  const connections = new Map<string, net.Socket>();
  const idleMs = options.tcpIdleMs ?? 15 * 60_000;
  const adopt = (socket: net.Socket, known?: Flow) => {
    // A connection we open has no remote address until it connects; we know where it goes.
    const flow: Flow = known ?? { transport: 'tcp', address: normaliseAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
    const key = flowKey(flow);
    connections.set(key, socket);
    socket.setNoDelay(true);
    socket.setTimeout(idleMs, () => socket.destroy());
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        // Keep-alive: a CRLF pair ping is answered with one CRLF pong.
        if (pending.length >= 4 && pending[0] === 13 && pending[1] === 10 && pending[2] === 13 && pending[3] === 10) {
          socket.write('\r\n');
          pending = pending.subarray(4);
          continue;
        }
        if (pending.length >= 2 && pending[0] === 13 && pending[1] === 10) {
          // A CRLF or CR that may still become a CRLFCRLF ping (split over two reads): wait for more.
          if (pending.length < 4 && (pending.length === 2 || pending[2] === 13)) return;
          // A stray CRLF before a start line is ignored (RFC 3261 §7.5).
          pending = pending.subarray(2);
          continue;
        }
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) {
          if (pending.length > MAX_SIP_MESSAGE_BYTES) socket.destroy();
          return;
        }
        const length = contentLengthOf(pending.subarray(0, headEnd));
        if (length === null || headEnd + 4 + length > MAX_SIP_MESSAGE_BYTES) {
          // On a stream a message without a readable length cannot be delimited: drop the connection.
          socket.destroy();
          return;
        }
        const total = headEnd + 4 + length;
        if (pending.length < total) return;
        const message = Buffer.from(pending.subarray(0, total));
        pending = pending.subarray(total);
        options.onMessage(message, flow);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (connections.get(key) === socket) connections.delete(key);
    });
    return socket;
  };

  const tcp = net.createServer((socket) => adopt(socket));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (err) => {
      udp.close();
      reject(err);
    });
    tcp.listen(port, options.host, () => {
      tcp.removeAllListeners('error');
      tcp.on('error', (err) => options.onError?.(err));
      resolve();
    });
  });

  return {
    port,
    host: options.host,
    send(bytes, flow) {
      // Never throws: the flow can come from a peer's Via (a port of 0 or 99999 makes dgram and net
      // throw synchronously), and a throw here would escape from timers and promise handlers.
      try {
        if (flow.transport === 'udp') {
          udp.send(bytes, flow.port, flow.address, (err) => {
            if (err) options.onError?.(err);
          });
          return;
        }
        const key = flowKey(flow);
        let socket = connections.get(key);
        if (!socket || socket.destroyed) {
          socket = adopt(net.connect({ host: flow.address, port: flow.port }), flow);
        }
        socket.write(bytes);
      } catch (err) {
        options.onError?.(err as Error);
      }
    },
    async close() {
      for (const s of connections.values()) s.destroy();
      await Promise.all([new Promise<void>((r) => tcp.close(() => r())), new Promise<void>((r) => udp.close(() => r()))]);
    },
  };
}

/** `Content-Length` (or `l`) of a header block; 0 when absent, null when unreadable. */
function contentLengthOf(head: Buffer): number | null {
  const m = /\r\n(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/i.exec('\r\n' + head.toString('latin1'));
  if (!m) return 0;
  const v = m[1]!.trim();
  return /^\d{1,6}$/.test(v) ? Number(v) : null;
}

function normaliseAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}
