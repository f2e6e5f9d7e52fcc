import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PlanView } from '../api/client';
import { onTimeRate } from './on-time';

/** The on-time rate of each unit of the plan (its own stages), where anything has fallen due. */
export function OnTimeChart({ plan }: { plan: PlanView }) {
  const { t } = useTranslation();
  const data = plan.units.flatMap((unit) => {
    const rate = onTimeRate(unit.stages);
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
            <Tooltip
              formatter={(value) => [`${String(value)}%`, t('charts.onTimeRate')]}
              labelFormatter={(code) => data.find((d) => d.unit === code)?.name ?? code}
            />
            <Bar dataKey="rate" fill="#1a7f37" />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
