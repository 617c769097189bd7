import type { AuditActor } from '../../platform/audit/audit-trail.js';
import type { CentersService } from '../centers/index.js';
import type { Telephony } from './telephony.service.js';

/** The demo password of the demo agents' phones (demo mode only, like the demo accounts'). */
export const DEMO_PHONE_PASSWORD = 'Demo@12333';

/** One phone per demo agent, in the agent's center: 8001 长春, 8002 吉林, 8003 农安. */
const DEMO_PHONES = [
  { extension: '8001', centerCode: 'jl-changchun', displayName: '长春咨询员话机(演示)' },
  { extension: '8002', centerCode: 'jl-jilin', displayName: '吉林咨询员话机(演示)' },
  { extension: '8003', centerCode: 'jl-changchun-nongan', displayName: '农安咨询员话机(演示)' },
];

export async function seedDemoPhones(telephony: Telephony, centers: CentersService, actor: AuditActor): Promise<number> {
  const all = await centers.all();
  const existing = new Set((await telephony.phones(null)).map((p) => p.extension));
  let created = 0;
  for (const p of DEMO_PHONES) {
    const center = all.find((c) => c.code === p.centerCode);
    if (!center || existing.has(p.extension)) continue;
    await telephony.createPhone(actor, { extension: p.extension, centerId: center.id, displayName: p.displayName, password: DEMO_PHONE_PASSWORD });
    created++;
  }
  return created;
}
