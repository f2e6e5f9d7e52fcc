import { useEffect, useRef, useState, type SubmitEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from './ErrorNote';
import { UnconfirmedNotice } from './UnconfirmedNotice';

/**
 * A modal form (the native <dialog>: focus moves in, Esc closes) that runs `onConfirm` and closes only when it
 * succeeds; a refusal is shown inside, and nothing has changed.
 */
export function FormDialog({
  title,
  confirm,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  confirm: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="dialog-title">
      <form onSubmit={submit}>
        <h2 id="dialog-title">{title}</h2>
        {children}
        <ErrorNote error={error} />
        {/* The page behind a modal dialog is inert: the dialog says it itself. */}
        {busy && <UnconfirmedNotice />}
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {confirm}
          </button>
          <button type="button" onClick={() => ref.current?.close()}>
            {t('action.back')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A labelled field with the API's complaint about it, if any, right beside it. */
export function Field({ label, problem, children }: { label: string; problem?: string; children: ReactNode }) {
  return (
    <label className={problem ? 'field invalid' : 'field'}>
      <span>{label}</span>
      {children}
      {problem && (
        <small className="problem" role="alert">
          {problem}
        </small>
      )}
    </label>
  );
}
