import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PlanUnitView, PlanView } from '../api/client';

/**
 * Of each department's stages that have fallen due (or were submitted), the share submitted on time. A stage past its
 * deadline with nothing submitted counts as late, as does one submitted after it.
 */
export function onTimeRate(unit: PlanUnitView, now = Date.now()): number | undefined {
  const due = unit.stages.filter((s) => s.submittedAt || Date.parse(s.dueAt) <= now);
  if (due.length === 0) return undefined;
  return Math.round((100 * due.filter((s) => s.submittedAt && !s.late).length) / due.length);
}

export function OnTimeChart({ plan }: { plan: PlanView }) {
  const { t } = useTranslation();
  const data = plan.units.flatMap((unit) => {
    const rate = onTimeRate(unit);
    return rate === undefined ? [] : [{ unit: unit.unitCode, name: unit.unitName, rate }];
  });
  return (
    <figure className="chart">
      <figcaption>{t('charts.onTime')}</figcaption>
      {data.length === 0 ? (
        <p className="empty">{t('charts.nothingDue')}</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="unit" />
            <YAxis domain={[0, 100]} unit="%" />
            <Tooltip formatter={(value) => [`${String(value)}%`, t('charts.onTimeRate')]} labelFormatter={(code) => data.find((d) => d.unit === code)?.name ?? String(code)} />
            <Bar dataKey="rate" fill="#1a7f37" />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
