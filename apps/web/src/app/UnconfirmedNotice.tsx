import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { unconfirmedActions } from '../api/confirming-fetch';

/** Says, while an action is being retried for want of confirmation, that it is not confirmed yet (not that it failed). */
export function UnconfirmedNotice() {
  const { t } = useTranslation();
  const waiting = useSyncExternalStore(unconfirmedActions.subscribe, unconfirmedActions.getSnapshot);
  return waiting > 0 ? (
    <p role="status" className="unconfirmed">
      {t('error.notConfirmed')}
    </p>
  ) : null;
}
