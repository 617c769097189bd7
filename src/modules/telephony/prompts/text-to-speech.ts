/** Speech synthesis for prompts and dynamic read-outs, always delivered as 8 kHz mono PCM. */
import { spawn } from 'node:child_process';
import { decodeAudioFileTo8k } from '../media/wav.js';

export interface TextToSpeech {
  readonly name: string;
  /** 8 kHz mono 16-bit samples. */
  synthesize(text: string): Promise<Int16Array>;
}

const INSTALL_HINT = 'espeak-ng is not installed (apt-get install espeak-ng)';

/**
 * eSpeak NG, the offline fallback voice: robotic but always available. The text goes in on stdin
 * (no shell, and text starting with "-" cannot be taken for an option); the WAV comes out on stdout.
 */
export class EspeakNgTts implements TextToSpeech {
  readonly name = 'espeak-ng';
  private readonly voice: string;
  private readonly speed: number;
  private readonly binary: string;
  private readonly timeoutMs: number;

  constructor(opts: { voice?: string; speed?: number; binary?: string; timeoutMs?: number } = {}) {
    this.voice = opts.voice ?? 'cmn';
    this.speed = opts.speed ?? 150;
    this.binary = opts.binary ?? 'espeak-ng';
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  async synthesize(text: string): Promise<Int16Array> {
    const args = ['-v', this.voice, '-s', String(this.speed), '--stdout', '--stdin'];
    const wav = await run(this.binary, args, Buffer.from(text, 'utf8'), this.timeoutMs);
    return decodeAudioFileTo8k(wav);
  }
}

export async function espeakAvailable(binary = 'espeak-ng'): Promise<boolean> {
  try {
    await run(binary, ['--version'], null, 5_000);
    return true;
  } catch {
    return false;
  }
}

function run(binary: string, args: string[], input: Buffer | null, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // EPIPE if it dies early; the exit handler reports why
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error(INSTALL_HINT) : e));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const why = signal ? `killed by ${signal}${signal === 'SIGTERM' ? ` (timeout ${timeoutMs} ms?)` : ''}` : `exit code ${code}`;
      reject(new Error(`${binary} failed: ${why}: ${Buffer.concat(err).toString('utf8').trim().slice(0, 500)}`));
    });
    child.stdin.end(input ?? undefined);
  });
}
