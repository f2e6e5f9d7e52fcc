import { readFileSync } from 'node:fs';
import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, validateSync, type ValidationError } from 'class-validator';
import type { PlanDraft } from '#domain';
import { plainOf } from '../../common/validation.js';
import { CreatePlanDto } from './create-plan.dto.js';

/** The valid KH 119 body the end-to-end tests post (demo units, dates in 2022). */
const KH119: Record<string, any> = JSON.parse(
  readFileSync(new URL('../../../../../test/fixtures/kh119.plan.json', import.meta.url), 'utf8'),
);
const body = (changes: (plan: any) => void): Record<string, unknown> => {
  const plan = structuredClone(KH119);
  changes(plan);
  return plan;
};

/** What the API's ValidationPipe reports: each nested message prefixed by its parent path ("milestones.registration.date …"). */
function messagesOf(errors: ValidationError[], parentPath?: string): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => (parentPath ? `${parentPath}.${message}` : message)),
    ...messagesOf(error.children ?? [], parentPath ? `${parentPath}.${error.property}` : error.property),
  ]);
}

async function messages(plain: Record<string, unknown>): Promise<string[]> {
  const dto = plainToInstance(CreatePlanDto, plain);
  return messagesOf(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

/** The API's global pipe, configured as in app.factory.ts. */
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
async function throughPipe(plain: unknown): Promise<{ dto?: CreatePlanDto; messages?: string[] }> {
  try {
    return { dto: await pipe.transform(plain, { type: 'body', metatype: CreatePlanDto }) };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { messages: (error.getResponse() as { message: string[] }).message };
  }
}

describe('CreatePlanDto', () => {
  it.each(['escalation', 'reminders', 'parentPlanId', 'milestones.registration'])(
    'refuses null for the optional field %s, naming it (null is not "absent")',
    async (field) => {
      const plan = body((p) => {
        const [head, tail] = field.split('.') as [string, string | undefined];
        if (tail) p[head][tail] = null;
        else p[head] = null;
      });
      const { messages: problems } = await throughPipe(plan);
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')} `))]));
    },
  );

  it('accepts the KH 119 fixture as it is', async () => {
    expect(await messages(KH119)).toEqual([]);
    const { dto, messages: refused } = await throughPipe(KH119);
    expect(refused).toBeUndefined();
    expect(dto).toBeInstanceOf(CreatePlanDto);
    expect(dto!.milestones.registration).toEqual({ date: '2022-04-28', rule: 'before' });
  });

  it('names the nested field of a bad date: milestones.registration.date', async () => {
    const result = await messages(body((p) => (p.milestones.registration.date = '28/04/2022')));
    expect(result).toEqual(['milestones.registration.date must be a date yyyy-mm-dd from 2000-01-01 to 2099-12-31']);
  });

  it('refuses dates that do not exist and names the array element', async () => {
    const result = await messages(
      body((p) => {
        p.phases[1].endsOn = '2022-02-30';
        p.milestones.interimReviews[0].deadline.rule = 'sometime';
        p.timeFrame.to = '2022-12-32';
      }),
    );
    expect(result).toEqual(
      expect.arrayContaining([
        'timeFrame.to must be a date yyyy-mm-dd from 2000-01-01 to 2099-12-31',
        'phases.1.endsOn must be a date yyyy-mm-dd from 2000-01-01 to 2099-12-31',
        'milestones.interimReviews.0.deadline.rule must be one of: "before", "end-of-day", "at"',
      ]),
    );
    expect(result).toHaveLength(3);
  });

  it('requires an award to be a known award code and a quota of at least one', async () => {
    const result = await messages(
      body((p) => {
        p.quotas[0].award = 'HUY_CHUONG_VANG';
        p.quotas[1].count = 0;
      }),
    );
    expect(result).toEqual([
      expect.stringMatching(/^quotas\.0\.award must be a known award code: LDTT, CSTDCS, .*BANG_KHEN_TINH/),
      'quotas.1.count must be at least 1; remove the quota instead of setting 0',
    ]);
  });

  it('checks recipients, unit codes and roles', async () => {
    const result = await messages(
      body((p) => {
        p.recipients[0] = { unitCode: 'sngv', role: 'implement' };
        p.recipients[1].role = 'owner';
        p.issuingUnit = 'Tỉnh';
      }),
    );
    expect(result).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^issuingUnit must be a unit code such as SNGV/),
        expect.stringMatching(/^recipients\.0\.unitCode must be a unit code such as SNGV/),
        'recipients.1.role must be one of: "implement", "report-to", "for-information"',
      ]),
    );
    expect(await messages(body((p) => (p.recipients = [])))).toEqual(['recipients must have at least 1 item(s)']);
  });

  it('says which nested object or list is missing or of the wrong shape, once each', async () => {
    const result = await messages(
      body((p) => {
        delete p.signer;
        p.timeFrame = '2022';
        delete p.milestones.interimReviews;
        p.milestones.registration = '2022-04-28';
        p.targets = { metric: 'x' };
        p.recipients = ['SNGV', 'SGDDT']; // the walking skeleton's format
      }),
    );
    expect(result.sort()).toEqual(
      [
        'signer must be an object',
        'timeFrame must be an object',
        'milestones.interimReviews must be a list',
        'milestones.registration must be an object',
        'targets must be a list',
        'recipients.0, recipients.1 must be objects',
      ].sort(),
    );
  });

  it('trims and NFC-normalises text, then refuses what is left empty or has control characters', async () => {
    const decomposed = 'Toa\u0300n dân bảo vệ an ninh Tổ quốc'.normalize('NFD');
    const dto = plainToInstance(
      CreatePlanDto,
      body((p) => ((p.movement = `  ${decomposed} `), (p.signer.name = ' Nguyễn Văn A\n'))),
    );
    expect(await validate(dto)).toEqual([]);
    expect(dto.movement).toBe('Toàn dân bảo vệ an ninh Tổ quốc'.normalize('NFC'));
    expect(dto.signer.name).toBe('Nguyễn Văn A');

    const result = await messages(
      body((p) => ((p.signer.name = '   '), (p.place = 'Hà\u0007Tĩnh'), (p.targets[0].population = 42), (p.movement = 'x'.repeat(501)))),
    );
    expect(result.sort()).toEqual(
      [
        'signer.name must not be empty',
        'place must be text without control characters',
        'targets.0.population must be text',
        'movement must be at most 500 characters',
      ].sort(),
    );
  });

  it('accepts a number and symbol, or a symbol alone for a plan not yet numbered', async () => {
    for (const numberSymbol of ['119/KH-UBND', '45/KH-SNgV', '/KH-SGDĐT', '27/KH-STTTT']) {
      expect(await messages(body((p) => (p.numberSymbol = numberSymbol)))).toEqual([]);
    }
    for (const numberSymbol of ['KH-UBND', '119/', '119 / KH-UBND', 'abc/KH']) {
      expect(await messages(body((p) => (p.numberSymbol = numberSymbol)))).toEqual([
        expect.stringMatching(/^numberSymbol must look like "119\/KH-UBND"/),
      ]);
    }
  });

  it('checks the optional parts when present: parent, bases, reminders and escalation', async () => {
    const result = await messages(
      body((p) => {
        p.parentPlanId = 'kh-119';
        p.bases[0].issuedOn = '26/11/2003';
        p.bases[1].planId = 'not-a-uuid';
        p.reminders = [7, 1.5];
        p.escalation.head = -1;
      }),
    );
    expect(result).toEqual(
      expect.arrayContaining([
        'parentPlanId must be the id (UUID) of a plan in this system',
        'bases.0.issuedOn must be a date yyyy-mm-dd',
        'bases.1.planId must be the id (UUID) of a plan in this system',
        'reminders must list whole numbers of days',
        'escalation.head must be 0 or more',
      ]),
    );
    expect(result).toHaveLength(5);
  });

  it('through the API pipe: unknown fields are refused, nested ones too, and messages carry the path', async () => {
    const { messages: refused } = await throughPipe(
      body((p) => {
        p.deadline = '2022-12-31';
        p.milestones.registration.hour = '08:00';
        p.milestones.nomination.date = '2022-11-31';
      }),
    );
    expect(refused).toEqual(
      expect.arrayContaining([
        'property deadline should not exist',
        'milestones.registration.property hour should not exist',
        'milestones.nomination.date must be a date yyyy-mm-dd from 2000-01-01 to 2099-12-31',
      ]),
    );
    expect(refused).toHaveLength(3);
  });
});

/** The validated body is the PlanDraft: CreatePlanDto implements it, and plainOf drops the undefined fields class-transformer adds. */
function draftOf(plain: Record<string, unknown>): PlanDraft {
  const dto = plainToInstance(CreatePlanDto, plain);
  expect(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
  return plainOf(dto);
}

describe('CreatePlanDto as the PlanDraft', () => {
  it('is the KH 119 body as the PlanDraft of the same content, as plain data', () => {
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
    expect(draft.bases).toStrictEqual([
      { kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'TINH', planId: parentPlanId },
    ]);
  });

  it('receives text trimmed and in NFC, so that pasted NFD text compares equal', () => {
    const draft = draftOf({
      ...KH119,
      movement: `  ${KH119.movement.normalize('NFD')}\t`,
      signer: { name: ' Nguyễn Văn A ', title: KH119.signer.title.normalize('NFD') },
    });
    expect(draft.movement).toBe(KH119.movement);
    expect(draft.signer).toStrictEqual(KH119.signer);
  });
});
