import type { Logger } from 'pino';
import type { Clock } from '../../../platform/clock.js';
import type { CentersService } from '../../centers/index.js';
import type { CallControl, CallInfo } from '../call-control.js';

/**
 * The basic service-number flow, until the IVR module takes calls over: greeting and recording
 * notice; 1 for an agent (the longest-idle registered phone), 2 for a voice message, * to repeat.
 * Out of working hours, or when no agent answers, the caller can leave a message. It uses only
 * the call-control interface, as any application would.
 */
export async function runHotlineFlow(control: CallControl, call: CallInfo, deps: { centers: CentersService; clock: Clock; log: Logger }): Promise<void> {
  const id = call.callId;
  await control.answer(id);
  const open = await inWorkingHours(deps);
  const greeted = await control.play(id, [{ prompt: 'welcome' }, { prompt: 'recording_notice' }], { interruptOnDigit: true });
  if (greeted === 'hung_up') return;
  if (!open) {
    await control.play(id, [{ prompt: 'out_of_hours' }]);
    return takeMessage(control, id, 'leave_message');
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const choice = await control.playAndCollect(id, { play: [{ prompt: 'menu_basic' }], maxDigits: 1, timeoutMs: 6000 });
    if (choice.reason === 'hung_up') return;
    if (choice.digits === '1') return toAgent(control, id);
    if (choice.digits === '2') return takeMessage(control, id, 'leave_message');
    if (choice.digits === '*') continue;
    if (await control.play(id, [{ prompt: choice.reason === 'timeout' ? 'no_input' : 'invalid_input' }]) === 'hung_up') return;
  }
  await control.play(id, [{ prompt: 'goodbye' }]);
}

async function toAgent(control: CallControl, id: string): Promise<void> {
  if (await control.play(id, [{ prompt: 'transferring' }]) === 'hung_up') return;
  for (const extension of control.availablePhones()) {
    const outcome = await control.bridge(id, { extension }, { ringTimeoutMs: 20_000 });
    if (outcome === 'hung_up') return;
    if (outcome !== 'bridged') continue;
    const by = await control.bridgeEnded(id);
    if (by === 'agent') await control.play(id, [{ prompt: 'goodbye' }]);
    return;
  }
  return takeMessage(control, id, 'all_busy');
}

async function takeMessage(control: CallControl, id: string, prompt: 'leave_message' | 'all_busy'): Promise<void> {
  if (await control.play(id, [{ prompt }]) === 'hung_up') return;
  const message = await control.record(id, { maxMs: 120_000, silenceEndMs: 5000 });
  if (message.reason === 'hung_up') return;
  await control.play(id, [{ prompt: message.path ? 'message_saved' : 'message_empty' }, { prompt: 'goodbye' }]);
}

async function inWorkingHours(deps: { centers: CentersService; log: Logger }): Promise<boolean> {
  try {
    const root = (await deps.centers.all()).find((c) => c.parentId === null);
    return root ? (await deps.centers.status(root.id)).inWorkingHours : true;
  } catch (err) {
    // A calendar that cannot answer must not cut callers off from agents.
    deps.log.warn({ err }, 'working hours unknown: agents offered');
    return true;
  }
}
