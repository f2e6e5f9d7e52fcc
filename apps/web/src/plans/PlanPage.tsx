import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { download } from '../api/client';
import { ErrorNote } from '../app/ErrorNote';
import { formatDate } from '../app/format';
import { useUser } from '../app/session';
import { OnTimeChart } from '../charts/OnTimeChart';
import { StagesOverTimeChart } from '../charts/StagesOverTimeChart';
import { Timeline } from '../audit/Timeline';
import { CascadeTree } from './CascadeTree';
import { LIVE_MS, planTreeQuery } from './queries';
import { PlanActions } from './PlanActions';

/** One plan for the board (or a department, on its own plans): the live cascade, the actions, charts, the timeline. */
export function PlanPage() {
  const { planId = '' } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const [onlyLate, setOnlyLate] = useState(false);
  const plan = useQuery({ ...planTreeQuery(planId), refetchInterval: LIVE_MS });
  // The filter is the API's (?onlyLate=true); the charts and actions keep the whole tree.
  const late = useQuery({ ...planTreeQuery(planId, true), refetchInterval: LIVE_MS, enabled: onlyLate, placeholderData: keepPreviousData });
  const [downloadError, setDownloadError] = useState<unknown>();
  const view = plan.data;
  const shown = onlyLate ? late.data : view;
  return (
    <section aria-labelledby="plan-title">
      <ErrorNote error={plan.error ?? (onlyLate ? late.error : null)} />
      {view && (
        <>
          <div className="title-row">
            <h1 id="plan-title">
              {view.numberSymbol} – {view.title}
            </h1>
            <span className={`status ${view.status}`} data-testid="plan-status">
              {t(`planStatus.${view.status}`)}
            </span>
          </div>
          <p className="meta">
            {view.issuingUnitName}
            {view.launchedAt && ` · ${t('plan.launchedOn')} ${formatDate(view.launchedAt)}`}
          </p>
          {user.unit === view.issuingUnit && <PlanActions plan={view} />}
          <h2>{t('tree.title')}</h2>
          <label className="check">
            <input type="checkbox" checked={onlyLate} onChange={(e) => setOnlyLate(e.target.checked)} /> {t('tree.onlyLate')}
          </label>
          {shown && <CascadeTree plan={shown} actions />}
          {user.role === 'board' && view.status !== 'draft' && (
            <div className="downloads">
              <ErrorNote error={downloadError} />
              {view.units
                .filter((u) => u.stages.some((s) => s.kind === 'derived-plan'))
                .map((u) => (
                  <button
                    key={u.unitCode}
                    type="button"
                    onClick={() =>
                      download(`/plans/${view.planId}/units/${u.unitCode}/derived-document`, `${u.unitCode}.docx`).catch(setDownloadError)
                    }
                  >
                    {t('plan.derivedDocx', { unit: u.unitName })}
                  </button>
                ))}
            </div>
          )}
          {user.role === 'board' && view.status !== 'draft' && (
            <div className="charts">
              <StagesOverTimeChart planId={planId} from={view.launchedAt} />
              <OnTimeChart plan={view} />
            </div>
          )}
          {user.role === 'board' && (
            <>
              <h2>{t('timeline.title')}</h2>
              <Timeline planId={planId} />
            </>
          )}
        </>
      )}
    </section>
  );
}
