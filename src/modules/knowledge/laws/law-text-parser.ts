/**
 * Parses one text of ../shared/domain/laws/ (format in its README.md) into articles.
 *
 * Laws and regulations number their articles `第X条` at the start of a line, under `## 第X章` and
 * `### 第X节` headings. State Council opinions and notices number their parts `一、二、`, either as
 * `## 三、参保范围` headings or as plain paragraphs; each part becomes one article numbered by its
 * ordinal. A `##` heading that is neither a chapter nor a numbered part starts a second text in the
 * same file (the 2024 retirement-age decision carries the State Council measures it approves).
 * Everything after a line `附录：` is the text's appendix.
 */
export type ParsedArticle = {
  /** The article number as an integer (第八十二条 → 82; part 三、 → 3); null for an appendix. */
  number: number | null;
  /** How the text itself labels it: 第八十二条, 三、, 附录. */
  label: string;
  chapter: string | null;
  section: string | null;
  text: string;
};

export type ParsedLawText = {
  title: string;
  versionDate: string;
  header: string;
  preamble: string;
  articles: ParsedArticle[];
};

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 一百零七 → 107, 十二 → 12, 二十 → 20. Returns null for anything that is not a Chinese numeral. */
export function chineseNumeralToInt(s: string): number | null {
  if (!s) return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
    } else if (ch in CN_UNITS) {
      total += (digit ?? 1) * CN_UNITS[ch]!;
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

/** 82 → 八十二, 107 → 一百零七: the way the texts write article numbers. */
export function intToChineseNumeral(n: number): string {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n]!;
  if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
  if (n < 100) return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (rest === 0) return d[h] + '百';
  if (rest < 10) return d[h] + '百零' + d[rest];
  return d[h] + '百' + d[Math.floor(rest / 10)] + '十' + (rest % 10 ? d[rest % 10] : '');
}

const ARTICLE_LINE = /^第([零〇一二三四五六七八九十百千]+)条(?:[ \u3000]+|$)(.*)$/;
const PART_LINE = /^([一二三四五六七八九十]+)、(.*)$/;
const CHAPTER_HEADING = /^第[零〇一二三四五六七八九十百]+章/;
const SECTION_HEADING = /^第[零〇一二三四五六七八九十百]+节/;
const APPENDIX_LINE = /^附(录|件)[：:]?\s*$/;

export function parseLawText(fileName: string, content: string): ParsedLawText[] {
  const versionDate = /\((\d{4}-\d{2}-\d{2})\)\.md$/.exec(fileName)?.[1];
  if (!versionDate) throw new Error(`${fileName}: no version date (YYYY-MM-DD) in the file name`);
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const titleLine = lines.findIndex((l) => l.startsWith('# '));
  const infoEnd = lines.findIndex((l) => l.trim() === '<!-- INFO END -->');
  if (titleLine < 0 || infoEnd < 0) throw new Error(`${fileName}: missing "# title" or <!-- INFO END -->`);

  const texts: ParsedLawText[] = [];
  let current: ParsedLawText = {
    title: lines[titleLine]!.slice(2).trim(),
    versionDate,
    header: clean(lines.slice(titleLine + 1, infoEnd).join('\n')),
    preamble: '',
    articles: [],
  };
  texts.push(current);
  const body = lines.slice(infoEnd + 1).map((raw) => raw.replace(/^[\u3000\s]+|[\u3000\s]+$/g, ''));
  // Whether each text of the file numbers its articles 第X条 (then 一、 lines are list items, not parts).
  const startsText = (line: string) => {
    if (!line.startsWith('## ')) return false;
    const heading = line.slice(3).trim();
    return !CHAPTER_HEADING.test(heading) && !PART_LINE.test(heading) && !/^[一二三四五六七八九十]+$/.test(heading);
  };
  const usesArticlesByText: boolean[] = [false];
  for (const line of body) {
    if (startsText(line)) usesArticlesByText.push(false);
    else if (ARTICLE_LINE.test(line)) usesArticlesByText[usesArticlesByText.length - 1] = true;
  }
  let usesArticles = usesArticlesByText[0]!;
  let chapter: string | null = null;
  let section: string | null = null;
  let article: ParsedArticle | null = null;
  let inAppendix = false;
  const preamble: string[] = [];

  const startArticle = (a: Omit<ParsedArticle, 'chapter' | 'section'>) => {
    article = { ...a, chapter, section };
    current.articles.push(article);
  };

  for (const line of body) {
    if (!line) continue;
    if (line.startsWith('#')) {
      const heading = line.replace(/^#+\s*/, '');
      const level = /^#+/.exec(line)![0].length;
      const part = PART_LINE.exec(heading) ?? /^([一二三四五六七八九十]+)$/.exec(heading);
      if (CHAPTER_HEADING.test(heading) && level <= 2) {
        chapter = heading;
        section = null;
      } else if (SECTION_HEADING.test(heading)) {
        section = heading;
      } else if (part && !usesArticles) {
        chapter = heading;
        startArticle({ number: chineseNumeralToInt(part[1]!), label: `${part[1]}、`, text: heading });
      } else if (level === 2 && startsText(line)) {
        usesArticles = usesArticlesByText[texts.length]!;
        current.preamble = clean(preamble.splice(0).join('\n'));
        current = { title: heading, versionDate, header: '', preamble: '', articles: [] };
        texts.push(current);
        chapter = null;
        section = null;
        article = null;
        inAppendix = false;
      }
      continue;
    }
    if (APPENDIX_LINE.test(line)) {
      inAppendix = true;
      startArticle({ number: null, label: '附录', text: '' });
      continue;
    }
    const art = !inAppendix ? ARTICLE_LINE.exec(line) : null;
    if (art) {
      const n = chineseNumeralToInt(art[1]!);
      const last = current.articles.at(-1)?.number ?? 0;
      if (n !== null && n > last) {
        startArticle({ number: n, label: `第${art[1]}条`, text: art[2]!.trim() });
        continue;
      }
    }
    const part = !usesArticles && !inAppendix ? PART_LINE.exec(line) : null;
    if (part) {
      startArticle({ number: chineseNumeralToInt(part[1]!), label: `${part[1]}、`, text: line });
      continue;
    }
    if (article) {
      const a: ParsedArticle = article;
      a.text = a.text ? `${a.text}\n${line}` : line;
    } else {
      preamble.push(line);
    }
  }
  current.preamble = clean(preamble.join('\n'));
  for (const t of texts) for (const a of t.articles) a.text = clean(a.text);
  return texts;
}

function clean(s: string) {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}
