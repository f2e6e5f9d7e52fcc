import { useTranslation } from 'react-i18next';
import { AWARDS, isAwardCode, type Quota } from '#domain';
import { Field } from '../app/Dialog';

/** A plan's award quotas ("Giấy khen: 02 tập thể"), each count editable; the API's problem shown beside it. */
export function QuotaFields({
  quotas,
  onChange,
  onFocus,
  problemAt = () => undefined,
}: {
  quotas: readonly Quota[];
  onChange: (quotas: Quota[]) => void;
  onFocus?: () => void;
  problemAt?: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('amend.quotas')}</legend>
      {quotas.map((q, i) => (
        <Field
          key={`${q.award}/${q.recipientKind}`}
          label={`${isAwardCode(q.award) ? AWARDS[q.award].name : q.award} · ${t(`recipientKind.${q.recipientKind}`)}`}
          problem={problemAt(`quotas[${i}]`)}
        >
          <input
            type="number"
            min={0}
            value={q.count}
            onFocus={onFocus}
            onChange={(e) => onChange(quotas.map((x, j) => (j === i ? { ...x, count: Number(e.target.value) } : x)))}
          />
        </Field>
      ))}
    </fieldset>
  );
}
