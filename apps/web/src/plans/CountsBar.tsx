import { useTranslation } from 'react-i18next';
import type { CountsView } from '../api/client';

/** How many units are at each stage, and how many are late, returned or waiting for the issuer. */
export function CountsBar({ counts }: { counts: CountsView }) {
  const { t } = useTranslation();
  return (
    <dl className="counts" aria-label={t('tree.counts')}>
      <div>
        <dt>{t('tree.units')}</dt>
        <dd>{counts.units}</dd>
      </div>
      <div className={counts.overdue > 0 ? 'late' : undefined}>
        <dt>{t('badge.overdue')}</dt>
        <dd data-testid="count-overdue">{counts.overdue}</dd>
      </div>
      <div>
        <dt>{t('badge.returned')}</dt>
        <dd>{counts.returned}</dd>
      </div>
      <div>
        <dt>{t('badge.awaitingDecision')}</dt>
        <dd>{counts.awaitingDecision}</dd>
      </div>
      {counts.byStage.map(({ stage, count }) => (
        <div key={stage}>
          <dt>{t(`stage.${stage}`)}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}
