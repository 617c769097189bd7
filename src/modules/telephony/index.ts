/**
 * Telephony module: the platform's own phone line. SIP (RFC 3261) over UDP and TCP with a
 * registrar for agents' phones, RTP with G.711 and RFC 4733 DTMF, prompts synthesised with
 * espeak-ng or uploaded, bridging and stereo recording, and the call-control interface the IVR,
 * queues and agent desk use.
 */
export { createTelephony, type Telephony } from './telephony.service.js';
export { telephonyRoutes } from './telephony.routes.js';
export { telephonyMigrations } from './telephony.repository.js';
export { seedDemoPhones, DEMO_PHONE_PASSWORD } from './demo-phones.js';
export type * from './call-control.js';
