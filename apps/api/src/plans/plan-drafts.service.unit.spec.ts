import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { DataSource } from 'typeorm';
import type { PlanDraft } from '#domain';
import type { EventStore } from '#event-store';
import { CreatePlanDto } from './dto/create-plan.dto.js';
import { PlanDraftsService } from './plan-drafts.service.js';

/** toDraft needs neither the database nor the event store. */
const service = new PlanDraftsService(undefined as unknown as DataSource, undefined as unknown as EventStore);
const KH119: Record<string, any> = JSON.parse(readFileSync(new URL('../../../../test/fixtures/kh119.plan.json', import.meta.url), 'utf8'));

function draftOf(plain: Record<string, unknown>): PlanDraft {
  const dto = plainToInstance(CreatePlanDto, plain);
  expect(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  return service.toDraft(dto);
}

describe('PlanDraftsService.toDraft', () => {
  it('maps the KH 119 body to the PlanDraft of the same content, as plain data', () => {
    const draft = draftOf(KH119);
    expect(draft).toStrictEqual(KH119); // same fields and values, no class instances, no undefined-valued keys
    expect(JSON.parse(JSON.stringify(draft))).toStrictEqual(draft); // what PlanCreated stores is exactly the draft
  });

  it('leaves absent optional fields absent', () => {
    const plain = structuredClone(KH119);
    delete plain.reminders;
    delete plain.escalation;
    delete plain.milestones.registration;
    delete plain.milestones.finalReview;
    delete plain.bases[0].issuer;
    delete plain.bases[0].issuedOn;
    const draft = draftOf(plain);
    expect('reminders' in draft || 'escalation' in draft || 'parentPlanId' in draft).toBe(false);
    expect(Object.keys(draft.milestones).sort()).toEqual(['interimReviews', 'nomination']);
    expect(draft.bases[0]).toStrictEqual({ kind: 'other', numberSymbol: '15/2003/QH11' });
  });

  it('carries a derived plan’s parent and its plan basis', () => {
    const parentPlanId = '0b9d8a52-3c4e-4f5a-9b6c-7d8e9f0a1b2c';
    const draft = draftOf({
      ...KH119,
      issuingUnit: 'SNGV',
      parentPlanId,
      bases: [{ kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'TINH', planId: parentPlanId }],
    });
    expect(draft.parentPlanId).toBe(parentPlanId);
    expect(draft.bases).toStrictEqual([{ kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'TINH', planId: parentPlanId }]);
  });

  it('receives text trimmed and in NFC, so that pasted NFD text compares equal', () => {
    const draft = draftOf({ ...KH119, movement: `  ${KH119.movement.normalize('NFD')}\t`, signer: { name: ' Nguyễn Văn A ', title: KH119.signer.title.normalize('NFD') } });
    expect(draft.movement).toBe(KH119.movement);
    expect(draft.signer).toStrictEqual(KH119.signer);
  });
});
