import type { Logger } from 'pino';

/**
 * Optional: an OpenAI-compatible chat model rephrases the retrieved answer so that it speaks to the
 * citizen's own question. It may only rephrase. The knowledge entry stays the answer of record (the
 * phone reads it, the legal basis belongs to it), and a rephrasing is thrown away when it carries a
 * figure — an amount, a period, a percentage, a date — that the entry's text does not, when it is
 * much longer than the source, or when the model does not answer in time.
 */
export type Rephraser = (input: { question: string; title: string; answer: string }) => Promise<string | null>;

const SYSTEM_PROMPT = [
  '你是12333人力资源和社会保障服务热线的答复助手。',
  '请把给定的“标准答复”改写成直接回应市民问题的简短回答(不超过250字)。',
  '只能使用标准答复中的内容:不得添加任何标准答复中没有的事实、数字、金额、期限、日期、条件、政策名称或承诺;',
  '不要给出法律建议之外的猜测;无法改写时原样输出标准答复。只输出回答正文。',
].join('');

export function createLlmRephraser(options: { baseUrl: string; apiKey: string | null; model: string; timeoutMs: number; log: Logger; fetch?: typeof fetch }): Rephraser {
  const doFetch = options.fetch ?? fetch;
  return async ({ question, title, answer }) => {
    try {
      const res = await doFetch(`${options.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify({
          model: options.model,
          temperature: 0.2,
          max_tokens: 600,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: `市民问题:${question}\n条目标题:${title}\n标准答复:${answer}` },
          ],
        }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!res.ok) {
        options.log.warn({ status: res.status }, 'LLM rephrasing refused');
        return null;
      }
      const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
      const text = body.choices?.[0]?.message?.content;
      if (typeof text !== 'string' || !text.trim()) return null;
      const rephrased = text.trim();
      const problem = rephrasingProblem(answer, rephrased);
      if (problem) {
        options.log.warn({ problem }, 'LLM rephrasing discarded');
        return null;
      }
      return rephrased;
    } catch (err) {
      options.log.warn({ err: (err as Error).message }, 'LLM rephrasing failed');
      return null;
    }
  };
}

/** Quantities: Arabic numbers, and Chinese numerals with a unit (十二个月, 两倍, 百分之八). */
const QUANTITY = /\d+(?:[.,]\d+)*%?|百分之[零一二三四五六七八九十百两]+|[零一二三四五六七八九十百千万两]+(?:个)?(?:月|年|周|天|日|倍|小时|元|岁|分之)/g;

/** Why a rephrasing may not be used, or null when it only says what the source says. */
export function rephrasingProblem(source: string, rephrased: string): string | null {
  if (rephrased.length > source.length * 1.5 + 80) return 'longer than the source';
  const known = new Set(source.normalize('NFKC').match(QUANTITY) ?? []);
  const plain = source.normalize('NFKC');
  for (const q of rephrased.normalize('NFKC').match(QUANTITY) ?? []) {
    if (!known.has(q) && !plain.includes(q)) return `adds the figure ${q}`;
  }
  return null;
}
