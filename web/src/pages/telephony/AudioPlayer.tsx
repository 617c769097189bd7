import { Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api';
import { usePhoneLineText } from './text';

/**
 * Plays a WAV from the API. The page's own origin serves it and the session cookie goes with it,
 * so a plain <audio src> works (an object URL would not: the CSP allows media from 'self' only).
 * Nothing is fetched until the user presses play (preload="none"). When the server refuses, its
 * message is fetched and shown instead of a silent, greyed-out player.
 */
export function AudioPlayer({ src, testId, title }: { src: string; testId?: string; title?: string }) {
  const { t, lang } = usePhoneLineText();
  const [error, setError] = useState<string | null>(null);
  const onError = async () => {
    try {
      const res = await fetch(src, { credentials: 'include' });
      const body = await res.json().catch(() => null);
      setError(res.ok ? t('cannotPlay') : new ApiError(res.status, body?.error ?? { code: 'INTERNAL', message: t('cannotPlay'), messageEn: t('cannotPlay') }).text(lang));
    } catch {
      setError(t('cannotPlay'));
    }
  };
  if (error) return <Typography.Text type="danger" data-testid={testId && `${testId}-error`}>{error}</Typography.Text>;
  return <audio controls preload="none" src={src} title={title} data-testid={testId} onError={() => void onError()} style={{ height: 32, width: 220, verticalAlign: 'middle' }} />;
}
