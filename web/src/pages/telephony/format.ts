/** Times of the phone line are shown in the centers' time, Asia/Shanghai, whatever the browser's zone. */
const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-24 10:00:05` in Asia/Shanghai; '' for none. */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Only the clock time, for today's live view. */
export const shanghaiClock = (iso: string | null | undefined) => shanghaiTime(iso).slice(11);

/** Today's date in Asia/Shanghai, `YYYY-MM-DD`. */
export const shanghaiToday = () => shanghaiTime(new Date().toISOString()).slice(0, 10);

/** A length of time as `m:ss` (or `h:mm:ss`). */
export function clockDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A prompt's length, one decimal: `1.0 秒` / `1.0 s`. */
export const seconds = (ms: number, lang: 'zh' | 'en') => `${(ms / 1000).toFixed(1)}${lang === 'zh' ? ' 秒' : ' s'}`;
