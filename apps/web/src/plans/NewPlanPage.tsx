import { useMemo, useState, type ChangeEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ImportedPlan } from '../../../../libs/documents/src/imported-plan';
import type { Deadline, PlanDraft } from '#domain';
import { api, ApiError, call, type Schemas } from '../api/client';
import { Field } from '../app/Dialog';
import { QuotaFields } from './QuotaFields';
import { ErrorNote } from '../app/ErrorNote';
import { DateInput } from '../app/DateInput';

interface Highlight {
  field: string;
  start: number;
  end: number;
}

/** Every field the import read, with the span of the source it came from. */
function highlightsOf(imported: ImportedPlan): Highlight[] {
  const one = (field: string, found: { span: [number, number] } | null) =>
    found ? [{ field, start: found.span[0], end: found.span[1] }] : [];
  const many = (field: string, found: { span: [number, number] }[]) =>
    found.map((f, i) => ({ field: `${field}[${i}]`, start: f.span[0], end: f.span[1] }));
  return [
    ...one('numberSymbol', imported.numberSymbol),
    ...one('place', imported.place),
    ...one('issuedOn', imported.issuedOn),
    ...one('issuingUnit', imported.issuingUnit),
    ...one('signer', imported.signer),
    ...one('title', imported.title),
    ...one('movement', imported.movement),
    ...one('timeFrame', imported.timeFrame),
    ...many('bases', imported.bases),
    ...many('phases', imported.phases),
    ...many('deadlines', imported.deadlines),
    ...many('targets', imported.targets),
    ...many('quotas', imported.quotas),
    ...many('recipients', imported.recipients),
  ].sort((a, b) => a.start - b.start);
}

/** The source text with each imported field marked where it came from; the field being edited is the active one. */
function SourceText({ text, highlights, active }: { text: string; highlights: Highlight[]; active?: string }) {
  const pieces = useMemo(() => {
    const out: { text: string; field?: string }[] = [];
    let at = 0;
    for (const h of highlights) {
      if (h.start < at) continue; // overlapping spans: the first one wins
      if (h.start > at) out.push({ text: text.slice(at, h.start) });
      out.push({ text: text.slice(h.start, h.end), field: h.field });
      at = h.end;
    }
    out.push({ text: text.slice(at) });
    return out;
  }, [text, highlights]);
  return (
    <pre className="source" tabIndex={0}>
      {pieces.map((p, i) =>
        p.field ? (
          <mark key={i} data-field={p.field} title={p.field} className={active && p.field.startsWith(active) ? 'active' : undefined}>
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </pre>
  );
}

/** Creating a plan from its document: paste or upload, check the draft beside the source, correct it, create it. */
export function NewPlanPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [imported, setImported] = useState<ImportedPlan>();
  const [draft, setDraft] = useState<PlanDraft>();
  const [active, setActive] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per import: a double click or a retry after a lost answer creates the draft once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const read = async (body: Schemas['ImportPlanDto']) => {
    setError(undefined);
    try {
      // The API answers libs/documents' ImportedPlan, an interface its OpenAPI document leaves undescribed (typed never
      // here): the annotation says what it is, and is checked once the document describes it.
      const result: ImportedPlan = await call(api.POST('/plans/import', { body }));
      setImported(result);
      setDraft(result.draft);
      setIdempotencyKey(crypto.randomUUID());
    } catch (caught) {
      setError(caught);
    }
  };
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    await read({ docx: btoa(binary) });
  };
  const create = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const created = await call(
        api.POST('/plans', { body: draft as Schemas['CreatePlanDto'], headers: { 'idempotency-key': idempotencyKey } }),
      );
      void navigate(`/plans/${created.planId}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const problems = error instanceof ApiError ? error.problems : [];
  const problemAt = (field: string) =>
    problems
      .filter(({ field: at }) => at !== undefined && (at === field || at.startsWith(`${field}.`) || at.startsWith(`${field}[`)))
      .map((p) => p.message)
      .join(' ') || undefined;

  return (
    <section aria-labelledby="new-plan-title">
      <h1 id="new-plan-title">{t('newPlan.title')}</h1>
      {!imported && (
        <div className="card">
          <Field label={t('newPlan.paste')}>
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={14} />
          </Field>
          <div className="buttons">
            <button type="button" className="primary" disabled={!text.trim()} onClick={() => void read({ text })}>
              {t('newPlan.read')}
            </button>
            <Field label={t('newPlan.upload')}>
              <input
                type="file"
                accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                onChange={(e) => void upload(e)}
              />
            </Field>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
      {imported && draft && (
        <div className="import">
          <div>
            <h2>{t('newPlan.source')}</h2>
            <SourceText text={imported.text} highlights={highlightsOf(imported)} active={active} />
          </div>
          <div>
            <h2>{t('newPlan.warnings', { count: imported.warnings.length + imported.absent.length })}</h2>
            <ul className="warnings" data-testid="import-warnings">
              {imported.absent.map((field) => (
                <li key={field}>{t('newPlan.absent', { field })}</li>
              ))}
              {imported.warnings.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
            </ul>
            <h2>{t('newPlan.draft')}</h2>
            <DraftForm draft={draft} onChange={setDraft} onFocusField={setActive} problemAt={problemAt} />
            <div className="buttons">
              <button type="button" className="primary" disabled={busy} onClick={() => void create()}>
                {t('newPlan.create')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setImported(undefined);
                  setDraft(undefined);
                }}
              >
                {t('action.back')}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

const RULES: Deadline['rule'][] = ['before', 'end-of-day', 'at'];

function DraftForm({
  draft,
  onChange,
  onFocusField,
  problemAt,
}: {
  draft: PlanDraft;
  onChange: (d: PlanDraft) => void;
  onFocusField: (f: string) => void;
  problemAt: (f: string) => string | undefined;
}) {
  const { t } = useTranslation();
  // The document names recipients in words; those it could not match to a unit are added here, from the directory.
  const units = useQuery({ queryKey: ['units'], queryFn: () => call(api.GET('/units')) });
  const unitName = (code: string) => `${units.data?.find((u) => u.code === code)?.name ?? code} (${code})`;
  const text = (field: 'numberSymbol' | 'title' | 'movement' | 'place') => (
    <Field label={t(`draft.${field}`)} problem={problemAt(field)}>
      <input value={draft[field]} onFocus={() => onFocusField(field)} onChange={(e) => onChange({ ...draft, [field]: e.target.value })} />
    </Field>
  );
  const milestones = draft.milestones;
  const setDeadline = (key: 'registration' | 'nomination' | 'finalReview', deadline: Deadline | undefined) =>
    onChange({ ...draft, milestones: { ...milestones, [key]: deadline } });
  return (
    <div className="draft">
      {text('numberSymbol')}
      <Field label={t('draft.issuedOn')} problem={problemAt('issuedOn')}>
        <DateInput
          value={draft.issuedOn}
          onFocus={() => onFocusField('issuedOn')}
          onChange={(issuedOn) => onChange({ ...draft, issuedOn })}
        />
      </Field>
      {text('place')}
      {text('title')}
      {text('movement')}
      <Field label={t('draft.signer')} problem={problemAt('signer')}>
        <input
          value={draft.signer.name}
          onFocus={() => onFocusField('signer')}
          onChange={(e) => onChange({ ...draft, signer: { ...draft.signer, name: e.target.value } })}
        />
      </Field>
      <div className="inline">
        <Field label={t('draft.from')} problem={problemAt('timeFrame.from')}>
          <DateInput
            value={draft.timeFrame.from}
            onFocus={() => onFocusField('timeFrame')}
            onChange={(from) => onChange({ ...draft, timeFrame: { ...draft.timeFrame, from } })}
          />
        </Field>
        <Field label={t('draft.to')} problem={problemAt('timeFrame.to')}>
          <DateInput
            value={draft.timeFrame.to}
            onFocus={() => onFocusField('timeFrame')}
            onChange={(to) => onChange({ ...draft, timeFrame: { ...draft.timeFrame, to } })}
          />
        </Field>
      </div>
      {(['registration', 'nomination', 'finalReview'] as const).map((key) => (
        <DeadlineRow
          key={key}
          label={t(`draft.${key}`)}
          deadline={milestones[key]}
          problem={problemAt(`milestones.${key}`)}
          onFocus={() => onFocusField('deadlines')}
          onChange={(d) => setDeadline(key, d)}
        />
      ))}
      {milestones.interimReviews.map((review, i) => (
        <DeadlineRow
          key={i}
          label={`${t('stage.interim-review')} ${review.phase}`}
          deadline={review.deadline}
          problem={problemAt(`milestones.interimReviews[${i}]`)}
          onFocus={() => onFocusField('deadlines')}
          onChange={(d) =>
            d &&
            onChange({
              ...draft,
              milestones: { ...milestones, interimReviews: milestones.interimReviews.map((r, j) => (j === i ? { ...r, deadline: d } : r)) },
            })
          }
        />
      ))}
      <fieldset>
        <legend>{t('draft.recipients')}</legend>
        {problemAt('recipients') && (
          <small className="problem" role="alert">
            {problemAt('recipients')}
          </small>
        )}
        {draft.recipients.map((r, i) => (
          <Field key={r.unitCode} label={unitName(r.unitCode)}>
            <select
              value={r.role}
              onFocus={() => onFocusField('recipients')}
              onChange={(e) =>
                onChange({
                  ...draft,
                  recipients: draft.recipients.map((x, j) => (j === i ? { ...x, role: e.target.value as typeof r.role } : x)),
                })
              }
            >
              {(['implement', 'report-to', 'for-information'] as const).map((role) => (
                <option key={role} value={role}>
                  {t(`recipientRole.${role}`)}
                </option>
              ))}
            </select>
          </Field>
        ))}
        <Field label={t('draft.addRecipient')}>
          <select
            value=""
            onChange={(e) =>
              e.target.value && onChange({ ...draft, recipients: [...draft.recipients, { unitCode: e.target.value, role: 'implement' }] })
            }
          >
            <option value="">—</option>
            {(units.data ?? [])
              .filter((u) => u.code !== draft.issuingUnit && !draft.recipients.some((r) => r.unitCode === u.code))
              .map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name} ({u.code})
                </option>
              ))}
          </select>
        </Field>
      </fieldset>
      <QuotaFields
        quotas={draft.quotas}
        onChange={(quotas) => onChange({ ...draft, quotas })}
        onFocus={() => onFocusField('quotas')}
        problemAt={problemAt}
      />
    </div>
  );
}

function DeadlineRow({
  label,
  deadline,
  problem,
  onFocus,
  onChange,
}: {
  label: string;
  deadline?: Deadline;
  problem?: string;
  onFocus: () => void;
  onChange: (d: Deadline | undefined) => void;
}) {
  const { t } = useTranslation();
  // The rule and time are kept here too, so that a day being retyped (no deadline for a moment) does not lose them.
  const [current, setCurrent] = useState<Deadline>(deadline ?? { date: '', rule: 'before' });
  const update = (change: Partial<Deadline>) => {
    const next = { ...current, ...change };
    setCurrent(next);
    onChange(next.date ? { date: next.date, rule: next.rule, ...(next.rule === 'at' ? { time: next.time ?? '17:00' } : {}) } : undefined);
  };
  return (
    <fieldset className="inline deadline" aria-label={label}>
      <legend>{label}</legend>
      <Field label={t('extend.date')} problem={problem}>
        <DateInput value={current.date} onFocus={onFocus} onChange={(date) => update({ date })} />
      </Field>
      <Field label={t('draft.rule')}>
        <select value={current.rule} onFocus={onFocus} onChange={(e) => update({ rule: e.target.value as Deadline['rule'] })}>
          {RULES.map((rule) => (
            <option key={rule} value={rule}>
              {t(`deadlineRule.${rule}`)}
            </option>
          ))}
        </select>
      </Field>
      {current.rule === 'at' && (
        <Field label={t('extend.time')}>
          <input type="time" step={1} value={current.time ?? ''} onFocus={onFocus} onChange={(e) => update({ time: e.target.value })} />
        </Field>
      )}
    </fieldset>
  );
}
