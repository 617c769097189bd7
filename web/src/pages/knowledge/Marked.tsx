import type { THighlight } from '@shared/api/index.js';
import { Typography } from 'antd';
import Markdown from 'react-markdown';

/** Text with the search's marks; React escapes it, no HTML is injected. */
export function Marked({ h }: { h: THighlight | undefined }) {
  if (!h) return null;
  const parts: React.ReactNode[] = [];
  let at = 0;
  h.marks.forEach(([s, e], i) => {
    if (s > at) parts.push(h.text.slice(at, s));
    parts.push(<mark key={i}>{h.text.slice(s, e)}</mark>);
    at = e;
  });
  parts.push(h.text.slice(at));
  return <>{parts}</>;
}

/** An answer's Markdown; raw HTML in it is not rendered (react-markdown skips it by default). */
export function AnswerMarkdown({ text }: { text: string }) {
  return (
    <Typography>
      <div className="kb-markdown">
        <Markdown>{text}</Markdown>
      </div>
    </Typography>
  );
}
