import type { ChineseAnalyzer } from '../../../platform/text/chinese-analyzer.js';
import { standardizeWords } from './colloquial.js';

/**
 * Turns what a citizen typed or said into the question to look up: full/half width and traditional
 * characters unified (the analyzer's normalize), greetings, politeness and fillers removed,
 * punctuation collapsed; and, for a long story, the sentence that asks the question.
 */
const OPENERS = [
  '你好', '您好', '喂', '在吗', '在不在', '请问一下', '请问', '打扰一下', '打扰了', '麻烦问一下', '麻烦问下', '麻烦你', '麻烦您',
  '我想问一下', '我想问下', '我想问问', '我想问', '想问一下', '想问下', '想咨询一下', '我想咨询一下', '我想咨询', '咨询一下', '咨询下', '我要咨询',
  '问一下', '问下', '问个事', '问个问题', '我问一下', '我问下', '同志', '师傅', '小姐', '老师', '工作人员',
];
const CLOSERS = ['谢谢你', '谢谢您', '谢谢了', '谢谢', '多谢', '感谢', '麻烦了', '辛苦了', '急急急', '急', '在线等', '求解答', '求助', '拜托了'];
const FILLERS = /(那个|就是说|就是|然后呢|然后|嗯+|呃+|额+|啊+|哎+|唉+|哦+|吧啦)/g;
const QUESTION_MARK = /[?？吗呢么]|怎么|咋|如何|多少|几个|几年|几月|几天|什么|啥|能不能|可不可以|是否|有没有|算不算|行不行|哪里|哪儿|哪个|谁/;

/**
 * What the caller puts aside ("我老婆生孩子的事先不急，我想先问我自己的失业金咋申请"): only what
 * follows is asked.
 */
const SET_ASIDE = /(?:先不急|先不说|先放一边|先放放|先不管|以后再说|回头再说|暂且不说|另说)[了吧啊]*[,，。]\s*/g;

function withoutSetAside(text: string): string {
  let rest = text;
  for (const m of text.matchAll(SET_ASIDE)) rest = text.slice(m.index + m[0].length);
  return rest.length >= 4 ? rest : text;
}

export type NormalizedQuestion = {
  /** Simplified, half-width, without greetings and fillers. */
  text: string;
  /** The part that asks: the whole text when short, else the last sentences that carry a question. */
  focus: string;
};

export function createQuestionNormalizer(analyzer: ChineseAnalyzer) {
  function clean(raw: string): string {
    // Dialect words first, so that a greeting or opener in dialect (侬好, 阿拉想问下) goes too.
    let t = standardizeWords(analyzer.normalize(raw).replace(/[\u200b-\u200f\ufeff]/g, ''));
    t = t.replace(/[\r\n\t]+/g, '。').replace(/\s+/g, ' ');
    t = t.replace(/[!！~～…]+/g, '。').replace(/[,，、;；:：]+/g, ',').replace(/[。.]{2,}/g, '。');
    for (let changed = true; changed; ) {
      changed = false;
      const trimmed = t.replace(/^[\s,。?？]+/, '');
      for (const o of OPENERS) {
        if (trimmed.startsWith(o)) {
          t = trimmed.slice(o.length);
          changed = true;
          break;
        }
      }
      if (!changed) t = trimmed;
    }
    for (let changed = true; changed; ) {
      changed = false;
      const trimmed = t.replace(/[\s,。?？]+$/, '');
      for (const c of CLOSERS) {
        if (trimmed.endsWith(c)) {
          t = trimmed.slice(0, -c.length);
          changed = true;
          break;
        }
      }
      if (!changed) t = trimmed;
    }
    return t.replace(FILLERS, '').replace(/\s+/g, ' ').trim();
  }

  function normalize(raw: string): NormalizedQuestion {
    const text = withoutSetAside(clean(raw));
    if (text.length <= 36) return { text, focus: text };
    // A long story: the question is nearly always at the end ("……现在公司不给钱,我该怎么办?").
    const sentences = text.split(/(?<=[。?？])/).map((s) => s.trim()).filter(Boolean);
    let focus = '';
    for (let i = sentences.length - 1; i >= 0; i--) {
      focus = sentences[i] + focus;
      if (QUESTION_MARK.test(sentences[i]!) && focus.length >= 8) break;
    }
    if (focus.length < 8) focus = text.slice(-36);
    return { text, focus: focus === text ? text : focus };
  }

  return { normalize, clean };
}

export type QuestionNormalizer = ReturnType<typeof createQuestionNormalizer>;
