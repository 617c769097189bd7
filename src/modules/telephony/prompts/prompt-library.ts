import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Playable } from '../call-control.js';
import { decodeAudioFileTo8k, encodeWav } from '../media/wav.js';
import type { TextToSpeech } from './text-to-speech.js';

/**
 * The prompts callers hear. The default set is synthesised once with the TTS engine (espeak-ng,
 * Mandarin) into the data folder at first start; a center replaces any of them with its own
 * recording (uploaded through the API, kept in the database). Dynamic text (amounts, dates,
 * work-order numbers, answers) is synthesised on demand and cached.
 */

export const PROMPT_TEXTS = {
  welcome: '您好，欢迎致电12333人力资源和社会保障服务热线。',
  recording_notice: '为了提高服务质量，您的通话可能会被录音。',
  menu_basic: '人工服务请按1，给我们留言请按2，重听请按星号键。',
  transferring: '正在为您转接人工服务，请稍候。',
  all_busy: '您好，坐席全忙，请在提示音后留言，说明您的问题和联系电话，我们会尽快回复您。按井号键结束。',
  leave_message: '请在提示音后留言，说明您的问题和联系电话，按井号键结束。',
  message_saved: '您的留言已收到，我们会尽快与您联系。',
  message_empty: '没有听到您的留言。',
  invalid_input: '您的输入有误，请重新输入。',
  no_input: '对不起，没有收到您的按键。',
  out_of_hours: '您好，现在是非工作时间，人工服务时间为工作日上午八点半至下午五点。',
  agent_left: '坐席已挂机。',
  goodbye: '感谢您的来电，再见。',
} as const;

export type PromptName = keyof typeof PROMPT_TEXTS;

export const PROMPT_NAMES = Object.keys(PROMPT_TEXTS) as PromptName[];

const RATE = 8000;

export class PromptLibrary {
  private readonly defaults = new Map<string, Int16Array>();
  /** `${centerId}:${name}` → a center's own recording. */
  private readonly uploaded = new Map<string, Int16Array>();
  private readonly spoken = new Map<string, Int16Array>();
  private readonly tones = new Map<string, Int16Array>();
  private warnedNoTts = false;

  constructor(
    private readonly tts: TextToSpeech,
    private readonly cacheDir: string,
    private readonly log: Logger,
  ) {}

  /** Makes sure every default prompt exists (synthesising the missing ones) and loads them. */
  async prepare(): Promise<{ synthesised: number; failed: number }> {
    fs.mkdirSync(this.cacheDir, { recursive: true });
    let synthesised = 0;
    let failed = 0;
    for (const name of PROMPT_NAMES) {
      const text = PROMPT_TEXTS[name];
      // The file name carries a hash of text and voice, so editing a text re-synthesises it.
      const file = path.join(this.cacheDir, `${name}-${createHash('sha1').update(`${this.tts.name}|${text}`).digest('hex').slice(0, 10)}.wav`);
      try {
        if (fs.existsSync(file)) {
          this.defaults.set(name, decodeAudioFileTo8k(fs.readFileSync(file)));
          continue;
        }
        const pcm = await this.tts.synthesize(text);
        fs.writeFileSync(file, encodeWav(pcm, 1, RATE));
        this.defaults.set(name, pcm);
        synthesised++;
      } catch (err) {
        failed++;
        this.noTts(err);
      }
    }
    return { synthesised, failed };
  }

  /** A prompt by name: the center's own recording if it uploaded one, else the default. */
  clip(name: string, centerId: number | null = null): Int16Array {
    if (centerId !== null) {
      const own = this.uploaded.get(`${centerId}:${name}`);
      if (own) return own;
    }
    return this.defaults.get(name) ?? this.tone('beep', 300);
  }

  has(name: string): boolean {
    return name in PROMPT_TEXTS;
  }

  setUploaded(centerId: number, name: string, pcm: Int16Array | null): void {
    if (pcm) this.uploaded.set(`${centerId}:${name}`, pcm);
    else this.uploaded.delete(`${centerId}:${name}`);
  }

  /** Text spoken by the TTS engine (cached: the same amounts and answers come back often). */
  async speak(text: string): Promise<Int16Array> {
    const cached = this.spoken.get(text);
    if (cached) return cached;
    try {
      const pcm = await this.tts.synthesize(text);
      this.spoken.set(text, pcm);
      if (this.spoken.size > 500) this.spoken.delete(this.spoken.keys().next().value!);
      return pcm;
    } catch (err) {
      this.noTts(err);
      return this.tone('beep', 300);
    }
  }

  async render(item: Playable, centerId: number | null = null): Promise<Int16Array> {
    if ('prompt' in item) return this.clip(item.prompt, centerId);
    if ('text' in item) return this.speak(item.text);
    return this.tone(item.tone, item.ms);
  }

  /**
   * Signalling tones: a 1 kHz beep before recording; China's ringback (450 Hz, 1 s on, 4 s off,
   * GB 16927 / YD/T 1001 ring-back tone); soft music on hold (a pentatonic phrase).
   */
  tone(kind: 'beep' | 'ringback' | 'hold_music', ms: number): Int16Array {
    const key = `${kind}:${ms}`;
    let cached = this.tones.get(key);
    if (!cached) {
      cached = synthesiseTone(kind, ms);
      this.tones.set(key, cached);
      if (this.tones.size > 50) this.tones.delete(this.tones.keys().next().value!);
    }
    return cached;
  }

  private noTts(err: unknown) {
    if (this.warnedNoTts) return;
    this.warnedNoTts = true;
    this.log.warn({ err: (err as Error).message }, 'text-to-speech unavailable: prompts fall back to a tone (install espeak-ng: apt-get install espeak-ng)');
  }
}

function synthesiseTone(kind: 'beep' | 'ringback' | 'hold_music', ms: number): Int16Array {
  const n = Math.round((ms / 1000) * RATE);
  const out = new Int16Array(n);
  if (kind === 'beep') {
    for (let i = 0; i < n; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / RATE));
  } else if (kind === 'ringback') {
    for (let i = 0; i < n; i++) if (i % (5 * RATE) < RATE) out[i] = Math.round(6000 * Math.sin((2 * Math.PI * 450 * i) / RATE));
  } else {
    const notes = [523.25, 587.33, 659.25, 783.99, 880, 783.99, 659.25, 587.33];
    const noteLen = Math.round(0.5 * RATE);
    for (let i = 0; i < n; i++) {
      const k = Math.floor(i / noteLen) % notes.length;
      const t = (i % noteLen) / noteLen;
      const envelope = Math.sin(Math.PI * t);
      out[i] = Math.round(3000 * envelope * Math.sin((2 * Math.PI * notes[k]! * i) / RATE));
    }
  }
  return out;
}
