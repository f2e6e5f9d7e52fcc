import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** An API refusal as the person can act on it: the API's own message(s), under a heading saying what kind it is. */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const heading = error instanceof ApiError ? t(`error.status.${error.status}`, { defaultValue: t('error.generic') }) : t('error.network');
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrown value that is not an Error is shown as String() gives it
  const messages = error instanceof ApiError ? error.messages : [error instanceof Error ? error.message : String(error)];
  return (
    <div role="alert" className="error">
      <strong>{heading}</strong>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      {error instanceof ApiError && error.code && (
        <small>
          {t('error.code')}: {error.code}
        </small>
      )}
    </div>
  );
}
