import { skipToken, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, call } from '../api/client';
import { formatDateTime } from '../app/format';

const POINTS = 8;
const COLORS = [
  '#1f6feb',
  '#8250df',
  '#bf8700',
  '#1a7f37',
  '#cf222e',
  '#57606a',
  '#0969da',
  '#9a6700',
  '#116329',
  '#a40e26',
  '#6e7781',
  '#953800',
];

/** Units per stage over time: the cascade as it stood at evenly spaced moments since launch (the audit's as-of). */
export function StagesOverTimeChart({ planId, from }: { planId: string; from?: string }) {
  const { t } = useTranslation();
  const series = useQuery({
    queryKey: ['stages-over-time', planId, from],
    // Nothing to ask before the plan's launch (`from`) is known.
    queryFn:
      from === undefined
        ? skipToken
        : async () => {
            const start = Date.parse(from);
            const step = Math.max(1000, (Date.now() - start) / (POINTS - 1));
            const instants = Array.from({ length: POINTS }, (_, i) => new Date(Math.min(Date.now(), start + i * step)).toISOString());
            const views = await Promise.all(
              instants.map((at) => call(api.GET('/audit/plans/{id}/as-of', { params: { path: { id: planId }, query: { at } } }))),
            );
            return views.map((view, i) => ({
              at: formatDateTime(instants[i]),
              ...Object.fromEntries(view.totals.byStage.map(({ stage, count }) => [stage, count])),
            }));
          },
  });
  const stages = [...new Set((series.data ?? []).flatMap((point) => Object.keys(point).filter((k) => k !== 'at')))];
  return (
    <figure className="chart">
      <figcaption>{t('charts.stagesOverTime')}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <AreaChart data={series.data ?? []}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" fontSize={11} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {stages.map((stage, i) => (
            <Area
              key={stage}
              type="stepAfter"
              dataKey={stage}
              name={t(`stage.${stage}`)}
              stackId="units"
              stroke={COLORS[i % COLORS.length]}
              fill={COLORS[i % COLORS.length]}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
