import { useState, type SubmitEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AWARD_CODES, AWARDS, checkNominations, type AwardCode, type Nomination, type RecipientKind } from '#domain';
import { api, call, download, type InboxItem, type Schemas } from '../api/client';
import { Field } from '../app/Dialog';
import { ErrorNote } from '../app/ErrorNote';
import { vietnamToday } from '../app/format';

type Submission = Schemas['SubmitDto'];
const TEXT_MAX = 4000;

/** The form an inbox item needs, by the stage it is for; every one posts to the stage's submit endpoint. */
export function SubmissionForm({ item, onDone }: { item: InboxItem; onDone: () => void }) {
  const queries = useQueryClient();
  const submit = async (body: Submission) => {
    // Every item that opens a form is a task's stage, and the API sends its stageId with it.
    if (item.stageId === undefined) throw new Error(`Inbox item ${item.id} names no stage to submit to`);
    await call(
      api.POST('/plans/{id}/units/{unit}/stages/{stage}/submit', {
        params: { path: { id: item.planId, unit: item.unitCode, stage: item.stageId } },
        body,
      }),
    );
    await queries.invalidateQueries();
    onDone();
  };
  switch (item.stage) {
    case 'derived-plan':
      return <DerivedPlanForm item={item} onDone={onDone} />;
    case 'registration':
      return <TitlesForm submit={submit} />;
    case 'nomination':
      return <NominationForm item={item} submit={submit} />;
    default:
      return <ReportForm submit={submit} />;
  }
}

/** A form that shows the API's refusal and keeps what was typed. */
function SubmitForm({
  submit,
  invalid,
  children,
  label,
}: {
  submit: () => Promise<void>;
  invalid: boolean;
  children: ReactNode;
  label: string;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    await submit().catch(setError);
    setBusy(false);
  };
  return (
    <form className="submission" onSubmit={onSubmit} aria-label={label} noValidate>
      {children}
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={busy || invalid}>
        {t('inbox.send')}
      </button>
    </form>
  );
}

function ReportForm({ submit }: { submit: (body: Submission) => Promise<void> }) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const problem = summary.trim() === '' ? t('form.required') : summary.length > TEXT_MAX ? t('form.tooLong', { max: TEXT_MAX }) : undefined;
  return (
    <SubmitForm submit={() => submit({ summary })} invalid={problem !== undefined} label={t('form.report')}>
      <Field label={t('form.summary')} problem={summary ? problem : undefined}>
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={5} required aria-invalid={problem !== undefined} />
      </Field>
      <small>
        {summary.length}/{TEXT_MAX}
      </small>
    </SubmitForm>
  );
}

const recipientsOf = (award: AwardCode) => AWARDS[award].recipients as readonly RecipientKind[];

function TitlesForm({ submit }: { submit: (body: Submission) => Promise<void> }) {
  const { t } = useTranslation();
  const [titles, setTitles] = useState<{ award: AwardCode; recipientKind: RecipientKind; name: string }[]>([
    { award: 'TLDTT', recipientKind: 'collective', name: '' },
  ]);
  const set = (i: number, change: Partial<(typeof titles)[number]>) =>
    setTitles(titles.map((title, j) => (j === i ? { ...title, ...change } : title)));
  // The API's rule: an award goes to the kinds of recipient it is made for.
  const problems = titles.map((title) =>
    recipientsOf(title.award).includes(title.recipientKind) ? undefined : t('form.wrongRecipientKind', { award: AWARDS[title.award].name }),
  );
  return (
    <SubmitForm
      submit={() => submit({ titles: titles.map(({ name, ...rest }) => ({ ...rest, ...(name.trim() ? { name } : {}) })) })}
      invalid={problems.some(Boolean)}
      label={t('stage.registration')}
    >
      {titles.map((title, i) => (
        <fieldset key={i} className="row">
          <legend>{t('form.title', { n: i + 1 })}</legend>
          <Field label={t('nominate.award')} problem={problems[i]}>
            <select value={title.award} onChange={(e) => set(i, { award: e.target.value as AwardCode })}>
              {AWARD_CODES.map((code) => (
                <option key={code} value={code}>
                  {AWARDS[code].name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('form.recipientKind')}>
            <select value={title.recipientKind} onChange={(e) => set(i, { recipientKind: e.target.value as RecipientKind })}>
              <option value="collective">{t('recipientKind.collective')}</option>
              <option value="individual">{t('recipientKind.individual')}</option>
            </select>
          </Field>
          <Field label={t('nominate.name')}>
            <input value={title.name} onChange={(e) => set(i, { name: e.target.value })} />
          </Field>
          {titles.length > 1 && (
            <button type="button" onClick={() => setTitles(titles.filter((_, j) => j !== i))}>
              {t('form.remove')}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => setTitles([...titles, { award: 'CSTDCS', recipientKind: 'individual', name: '' }])}>
        {t('form.addTitle')}
      </button>
    </SubmitForm>
  );
}

/** Which field a nomination rule is about, so its message sits beside that field. */
const FIELD_OF: Record<string, keyof Nomination> = {
  NAME_REQUIRED: 'name',
  DUPLICATE_NOMINATION: 'name',
  ACHIEVEMENT_REQUIRED: 'achievement',
  NOMINEE_KIND: 'nomineeKind',
};

function NominationForm({ item, submit }: { item: InboxItem; submit: (body: Submission) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const plan = useQuery({
    queryKey: ['document', item.planId],
    queryFn: () => call(api.GET('/plans/{id}/document', { params: { path: { id: item.planId } } })),
  });
  const [nominees, setNominees] = useState<Nomination[]>([{ nomineeKind: 'individual', name: '', award: 'GIAY_KHEN', achievement: '' }]);
  const set = (i: number, change: Partial<Nomination>) => setNominees(nominees.map((n, j) => (j === i ? { ...n, ...change } : n)));
  // The domain's own check (quotas of this plan, the issuer's conferring authority on today's rules), as the API runs it.
  const checks = plan.data
    ? checkNominations(nominees, { quotas: plan.data.document.quotas, issuerKind: plan.data.issuingUnitKind, date: vietnamToday() })
    : [];
  const problemsOf = (i: number, field: keyof Nomination) => {
    const check = checks[i];
    if (check?.outcome !== 'error') return undefined;
    const mine = check.errors.filter((e) => (FIELD_OF[e.code] ?? 'award') === field);
    return mine.length
      ? mine.map((e) => (i18n.language === 'vi' ? t(`nominationError.${e.code}`, { defaultValue: e.message }) : e.message)).join(' ')
      : undefined;
  };
  const routeOf = (i: number) => {
    const check = checks[i];
    if (!check || check.outcome === 'error') return undefined;
    return check.outcome === 'decide-here' ? t('nominate.decidedHere') : t('nominate.forwarded');
  };
  return (
    <SubmitForm
      submit={() => submit({ nominees })}
      invalid={!plan.data || checks.some((c) => c.outcome === 'error')}
      label={t('stage.nomination')}
    >
      <ErrorNote error={plan.error} />
      {nominees.map((n, i) => (
        <fieldset key={i} className="row">
          <legend>{t('nominate.nominee', { n: i + 1 })}</legend>
          <Field label={t('form.recipientKind')}>
            <select value={n.nomineeKind} onChange={(e) => set(i, { nomineeKind: e.target.value as RecipientKind })}>
              <option value="individual">{t('recipientKind.individual')}</option>
              <option value="collective">{t('recipientKind.collective')}</option>
            </select>
          </Field>
          <Field label={t('nominate.name')} problem={n.name ? problemsOf(i, 'name') : undefined}>
            <input value={n.name} onChange={(e) => set(i, { name: e.target.value })} />
          </Field>
          <Field label={t('nominate.award')} problem={problemsOf(i, 'award')}>
            <select value={n.award} onChange={(e) => set(i, { award: e.target.value as AwardCode })}>
              {AWARD_CODES.map((code) => (
                <option key={code} value={code}>
                  {AWARDS[code].name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('nominate.achievement')} problem={n.achievement ? problemsOf(i, 'achievement') : undefined}>
            <textarea rows={2} value={n.achievement} onChange={(e) => set(i, { achievement: e.target.value })} />
          </Field>
          {routeOf(i) && <small className="route">{routeOf(i)}</small>}
          {nominees.length > 1 && (
            <button type="button" onClick={() => setNominees(nominees.filter((_, j) => j !== i))}>
              {t('form.remove')}
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() => setNominees([...nominees, { nomineeKind: 'individual', name: '', award: 'GIAY_KHEN', achievement: '' }])}
      >
        {t('nominate.add')}
      </button>
    </SubmitForm>
  );
}

/** A unit with units below it carries the plan down: its derived plan, pre-filled by the API, then launched. */
function DerivedPlanForm({ item, onDone }: { item: InboxItem; onDone: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const draft = useQuery({
    queryKey: ['derived-draft', item.planId, item.unitCode],
    queryFn: () => call(api.GET('/plans/{id}/units/{unit}/derived-draft', { params: { path: { id: item.planId, unit: item.unitCode } } })),
  });
  const [numberSymbol, setNumberSymbol] = useState('');
  const [signer, setSigner] = useState('');
  const [error, setError] = useState<unknown>();
  // Created once however often it is sent (a launch that failed is retried on the same plan; launching is idempotent).
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const issue = async () => {
    // The form cannot be sent before the draft is loaded (invalid below).
    if (!draft.data) throw new Error('The draft of the derived plan is not loaded yet');
    const body = { ...draft.data, numberSymbol, signer: { ...draft.data.signer, name: signer } };
    const created = await call(api.POST('/plans', { body, headers: { 'idempotency-key': idempotencyKey } }));
    await call(api.POST('/plans/{id}/launch', { params: { path: { id: created.planId } } }));
    await queries.invalidateQueries();
    onDone();
  };
  return (
    <SubmitForm submit={issue} invalid={!draft.data} label={t('stage.derived-plan')}>
      <ErrorNote error={draft.error ?? error} />
      {draft.data && <p>{draft.data.title}</p>}
      <Field label={t('derived.numberSymbol')}>
        <input value={numberSymbol} onChange={(e) => setNumberSymbol(e.target.value)} placeholder="45/KH-SNGV" required />
      </Field>
      <Field label={t('derived.signer')}>
        <input value={signer} onChange={(e) => setSigner(e.target.value)} required />
      </Field>
      <button
        type="button"
        onClick={() => download(`/plans/${item.planId}/units/${item.unitCode}/derived-document`, `${item.unitCode}.docx`).catch(setError)}
      >
        {t('derived.docx')}
      </button>
    </SubmitForm>
  );
}
