import dgram from 'node:dgram';
import { pino } from 'pino';
import { SipStack } from '../src/modules/telephony/sip/sip-stack.ts';
const stack = await SipStack.start({ host: '127.0.0.1', port: 0, publicAddress: '127.0.0.1', realm: '12333', log: pino({ level: 'warn' }),
  findAccount: async () => null, onInvite: (_r, _f, tx) => tx.respond(486) });
const s = dgram.createSocket('udp4');
const port = process.argv[2] ?? '99999';
const msg = [`REGISTER sip:127.0.0.1 SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKcrash1`, 'From: <sip:8001@127.0.0.1>;tag=1', 'To: <sip:8001@127.0.0.1>', 'Call-ID: crash1', 'CSeq: 1 REGISTER', 'Content-Length: 0', '', ''].join('\r\n');
s.send(msg, stack.port, '127.0.0.1');
setTimeout(() => { console.log('still alive'); process.exit(0); }, 500);
